using System.Buffers;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Routing;
using Louter.Streams.Sse;

namespace Louter.Host.Diagnostics;

/// <summary>One probe: build the request with the backend's codec, send it, read and judge the answer.</summary>
public sealed partial class BackendDiagnostics
{
    private const int MaxErrorBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private async Task<ProbeResult> ProbeAsync(BackendDescriptor backend, IBackendCodec codec, string model, ProbeKind probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        HttpRequestMessage request;
        try
        {
            request = codec.CreateRequest(DiagnosticProbes.For(probe, model), new RouteCandidate(backend, model));
        }
        catch (CodecException e)
        {
            // The codec cannot express this content for the backend: nothing was sent.
            return new ProbeResult(probe, ProbeStatus.Unsupported, 0) { Detail = e.Message };
        }

        using var _ = request;
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var started = time.GetTimestamp();
        try
        {
            using var response = await transports.For(backend).SendAsync(request, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var error = await ReadAllAsync(response, MaxErrorBytes, linked.Token).ConfigureAwait(false);
                var message = ProbeFailures.Shorten(ProbeFailures.Redact(codec.ErrorMessage(error), backend.ApiKey));
                var (judged, detail) = ProbeFailures.FromStatus(status, message);
                if (probe == ProbeKind.Text) judged = ProbeStatus.Failed;
                else if (judged == ProbeStatus.Failed && SaysUnsupported(message)) judged = ProbeStatus.Unsupported;
                return new ProbeResult(probe, judged, ElapsedMs(started)) { Detail = detail, HttpStatus = status };
            }

            return probe == ProbeKind.Streaming
                ? await ReadStreamAsync(codec, response, started, linked.Token).ConfigureAwait(false)
                : Judge(probe, codec.DecodeResponse(await ReadAllAsync(response, MaxBodyBytes, linked.Token).ConfigureAwait(false)), status, ElapsedMs(started));
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(probe, ProbeStatus.Failed, ElapsedMs(started)) { Detail = $"timed out: no complete answer within {Describe(timeout)}" };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // Connect errors and broken or unreadable answers; the socket handler's own connect
            // timeout arrives as a cancellation with a TimeoutException inside.
            return new ProbeResult(probe, ProbeStatus.Failed, ElapsedMs(started)) { Detail = ProbeFailures.FromException(e) };
        }
    }

    /// <summary>Some servers refuse images with a 500, e.g. llama.cpp's "image input is not supported".</summary>
    private static bool SaysUnsupported(string? message) =>
        message is not null && (message.Contains("not supported", StringComparison.OrdinalIgnoreCase)
            || message.Contains("unsupported", StringComparison.OrdinalIgnoreCase)
            || message.Contains("does not support", StringComparison.OrdinalIgnoreCase));

    private static ProbeResult Judge(ProbeKind probe, ChatResponse answer, int status, long latencyMs)
    {
        if (probe == ProbeKind.Tools && !answer.Content.OfType<ToolUseBlock>().Any())
        {
            return new ProbeResult(probe, ProbeStatus.Unsupported, latencyMs)
            {
                Detail = "the backend took the tool but answered with text: tool_choice = required was ignored",
                HttpStatus = status,
            };
        }
        return new ProbeResult(probe, ProbeStatus.Supported, latencyMs) { HttpStatus = status };
    }

    private async Task<ProbeResult> ReadStreamAsync(IBackendCodec codec, HttpResponseMessage response, long started, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            return new ProbeResult(ProbeKind.Streaming, ProbeStatus.Unsupported, ElapsedMs(started))
            {
                Detail = "asked to stream, the backend answered with one JSON body",
                HttpStatus = status,
            };
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var sse = new SseReader(body);
        var decoder = codec.CreateStreamDecoder();
        var events = new List<StreamEvent>();
        long? firstEvent = null;
        while (await sse.ReadAsync(cancellationToken).ConfigureAwait(false) is { } ev)
        {
            firstEvent ??= ElapsedMs(started);
            decoder.Decode(ev, events);
            if (codec.IsTerminal(ev.Event, ev.Data)) break;
        }
        decoder.Complete(events);

        var latency = ElapsedMs(started);
        if (events.OfType<StreamError>().FirstOrDefault() is { } error)
            return new ProbeResult(ProbeKind.Streaming, ProbeStatus.Failed, latency) { Detail = $"the stream failed: {error.Error.Message}", HttpStatus = status, FirstEventMs = firstEvent };
        if (!events.OfType<MessageStop>().Any())
            return new ProbeResult(ProbeKind.Streaming, ProbeStatus.Failed, latency) { Detail = "the stream ended without an answer", HttpStatus = status, FirstEventMs = firstEvent };
        return new ProbeResult(ProbeKind.Streaming, ProbeStatus.Supported, latency) { HttpStatus = status, FirstEventMs = firstEvent };
    }

    private static async Task<byte[]> ReadAllAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit) throw new InvalidDataException($"the answer exceeded {limit} bytes");
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static string Describe(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMilliseconds:0}ms";
}
