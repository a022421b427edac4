using System.Buffers;
using System.Globalization;
using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Gemini;

/// <summary>Fixture paths, exchanges and stream helpers shared by the Gemini tests.</summary>
internal static class GeminiTestSupport
{
    public const string FunctionCallingRequest0 = "gemini/streaming_function_calling/request_0.json";
    public const string FunctionCallingResponse0 = "gemini/streaming_function_calling/response_0.json";
    public const string FunctionCallingRequest1 = "gemini/streaming_function_calling/request_1.json";
    public const string FunctionCallingResponse1 = "gemini/streaming_function_calling/response_1.json";
    public const string StreamingSse = "gemini/streaming/response.txt";
    public const string StreamingArray = "gemini/streaming/response-long.txt";
    public const string StreamingLongSse = "gemini/streaming_long/response.json";
    public const string TextRequest = "gemini/text/request.json";
    public const string TextResponse = "gemini/text/response.json";

    /// <summary>A fixture authored for these tests (Fixtures/gemini/README.md).</summary>
    public static byte[] Authored(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "gemini", name));

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>A pretty-printed JSON fixture as one SSE event (SSE data lines cannot hold its line breaks).</summary>
    public static byte[] AsSseEvent(byte[] json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) document.RootElement.WriteTo(writer);
        return [.. "data: "u8, .. buffer.WrittenSpan, .. "\n\n"u8];
    }

    public static Exchange Exchange(byte[] body, string? model = "gemini-2.5-flash", bool stream = false, bool jsonArray = false) =>
        new("req-1", body, new RecordingResponseChannel(), 0, CancellationToken.None)
        {
            Hints = new RequestHints { PathModel = model, Stream = stream, JsonArrayStream = jsonArray },
        };

    public static Exchange Decoded(byte[] body, bool stream = false, bool jsonArray = false)
    {
        var exchange = Exchange(body, stream: stream, jsonArray: jsonArray);
        GeminiFrontend.Instance.Decode(exchange);
        Assert.Null(exchange.Error);
        return exchange;
    }

    public static ChatRequest Canonical(byte[] body)
    {
        var exchange = Decoded(body);
        return GeminiFrontend.Instance.ToCanonical(exchange.Request!);
    }

    /// <summary>Reads an SSE body through <see cref="SseReader"/>, cut into reads by <paramref name="nextReadSize"/>, and decodes it.</summary>
    public static async Task<List<StreamEvent>> DecodeSseAsync(byte[] body, Func<int>? nextReadSize = null, GeminiStreamDecoder? decoder = null)
    {
        decoder ??= new GeminiStreamDecoder();
        var events = new List<StreamEvent>();
        await using var reader = new SseReader(new ChunkedReadStream(body, nextReadSize ?? (() => int.MaxValue)));
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } ev) decoder.Decode(ev, events);
        decoder.Complete(events);
        return events;
    }

    /// <summary>Reads a JSON-array body element by element and decodes the elements.</summary>
    public static async Task<List<StreamEvent>> DecodeArrayAsync(byte[] body, Func<int>? nextReadSize = null)
    {
        var decoder = new GeminiStreamDecoder();
        var events = new List<StreamEvent>();
        await using var reader = new GeminiJsonArrayReader(new ChunkedReadStream(body, nextReadSize ?? (() => int.MaxValue)));
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } element) decoder.Decode(new SseEvent(null, element), events);
        decoder.Complete(events);
        return events;
    }

    /// <summary>Encodes canonical events and returns the bytes written (including Complete).</summary>
    public static string Encode(GeminiResponseEncoder encoder, IEnumerable<StreamEvent> events, bool complete = true)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var ev in events) encoder.Encode(ev, output);
        if (complete) encoder.Complete(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The SSE payloads of a body ("data: X\n\n" → X).</summary>
    public static List<string> SseData(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e[6..] : throw new InvalidOperationException(e))];

    /// <summary>Canonical events as short lines, so expectations read as the stream does.</summary>
    public static List<string> Lines(IEnumerable<StreamEvent> events) => [.. events.Select(Line)];

    public static string Line(StreamEvent ev) => ev switch
    {
        MessageStart s => $"start {s.Id} {s.Model}",
        BlockStart { Kind: BlockKind.ToolUse } b => $"block {b.Index} ToolUse {b.ToolId} {b.ToolName}" + (b.ThoughtSignature is { } sig ? $" sig={sig}" : ""),
        BlockStart { Kind: BlockKind.Opaque } b => $"block {b.Index} Opaque {b.Opaque!.Provider}/{b.Opaque.Kind} {b.Opaque.Payload.GetRawText()}",
        BlockStart b => $"block {b.Index} {b.Kind}",
        BlockDelta d => $"delta {d.Index} {d.Kind} {d.Text}",
        BlockStop s => $"stop {s.Index}",
        MessageDelta d => string.Create(CultureInfo.InvariantCulture, $"end {d.StopReason} {d.RawStopReason}") + (d.Usage is { } u ? $" {Usage(u)}" : ""),
        MessageStop => "message_stop",
        StreamError e => $"error {e.Error.Kind} {e.Error.Message}",
        _ => ev.ToString()!,
    };

    public static string Usage(TokenUsage u) =>
        string.Create(CultureInfo.InvariantCulture, $"in={u.Input} out={u.Output} cached={u.CacheRead} reasoning={u.Reasoning}");
}
