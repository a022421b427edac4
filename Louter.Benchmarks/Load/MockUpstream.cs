using System.Buffers;
using System.Net;
using Louter.Streams.Mock;

namespace Louter.Benchmarks.Load;

/// <summary>
/// The upstream every target forwards to, as fast as an OpenAI-compatible server can be: every
/// answer is built once at start (by Louter's own <see cref="MockChatResponder"/>, so Louter decodes
/// exactly what it decodes from a real backend), and a request only picks one. The body is scanned,
/// not parsed: <c>"stream":true</c> selects the SSE answer, a model name containing <c>paced</c>
/// spaces its chunks <see cref="PacedChunkGap"/> apart, one containing <c>held</c> <see cref="HeldChunkGap"/>
/// apart (the 10,000-stream scenario). It listens twice: HTTP/1.1 on PORT and HTTP/2 with prior
/// knowledge (h2c) on H2PORT, for gateways that multiplex their upstream streams. It also swallows
/// OTLP trace exports (<c>POST /v1/traces</c>) for the observability-on run. Run as its own process
/// (<c>load serve-mock PORT H2PORT</c>) so its CPU and GC are not the harness's.
/// </summary>
internal static class MockUpstream
{
    public const int StreamPieces = 50;
    public static readonly TimeSpan PacedChunkGap = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan HeldChunkGap = TimeSpan.FromMilliseconds(400);

    public static async Task<int> ServeAsync(int port, int h2Port)
    {
        var pieces = Enumerable.Range(0, StreamPieces).Select(i => $"w{i} ").ToList();
        var reply = new MockReply("chatcmpl-bench", 1_700_000_000, "bench", pieces, "stop", PromptTokens: 8);
        var completion = MockChatResponder.Completion(reply);
        // As OpenAI streams when asked for usage (every target's request is): the usage chunk last,
        // and "usage":null in every chunk before it.
        var events = MockChatResponder.StreamEvents(reply, includeUsage: true).Select(WithNullUsage).ToList();

        var builder = LoopbackServer.CreateBuilder(port, k =>
        {
            k.Listen(IPAddress.Loopback, h2Port, o => o.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        await using var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGet("/v1/models", () => Results.Text("""{"object":"list","data":[{"id":"bench","object":"model","created":0,"owned_by":"bench"}]}""", "application/json"));
        app.MapPost("/v1/chat/completions", context => AnswerAsync(context, completion, events));
        app.MapPost("/v1/traces", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.RunAsync();
        return 0;
    }

    private static async Task AnswerAsync(HttpContext context, byte[] completion, IReadOnlyList<byte[]> events)
    {
        var (stream, gap) = await ScanAsync(context.Request.Body, context.RequestAborted);
        var response = context.Response;
        if (!stream)
        {
            response.ContentType = "application/json";
            response.ContentLength = completion.Length;
            await response.Body.WriteAsync(completion, context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        try
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (gap > TimeSpan.Zero && i > 0) await Task.Delay(gap, context.RequestAborted);
                await response.Body.WriteAsync(events[i], context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client (a gateway) went away mid-stream
        }
    }

    private static byte[] WithNullUsage(byte[] ev)
    {
        var text = System.Text.Encoding.UTF8.GetString(ev);
        var end = text.LastIndexOf('}');
        return end < 0 || text.Contains("\"usage\":{", StringComparison.Ordinal) ? ev : System.Text.Encoding.UTF8.GetBytes(text[..end] + ",\"usage\":null" + text[end..]);
    }

    /// <summary>Reads the whole body (bounded: 1 MiB) and looks for the two markers.</summary>
    private static async Task<(bool Stream, TimeSpan Gap)> ScanAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length == buffer.Length && length < 1024 * 1024)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
            }
            var span = buffer.AsSpan(0, length);
            var gap = span.IndexOf("paced"u8) >= 0 ? PacedChunkGap : span.IndexOf("held"u8) >= 0 ? HeldChunkGap : TimeSpan.Zero;
            return (IsStream(span), gap);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsStream(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf("\"stream\""u8);
        if (at < 0) return false;
        var rest = body[(at + 8)..].TrimStart(" \t\r\n:"u8);
        return rest.StartsWith("true"u8);
    }
}
