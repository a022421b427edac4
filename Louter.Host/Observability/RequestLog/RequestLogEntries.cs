using Louter.Streams.Errors;
using Louter.Streams.Pipeline;

namespace Louter.Host.Observability.RequestLog;

/// <summary>Builds request-log entries on the request path: copies what the exchange already holds, formats nothing.</summary>
internal static class RequestLogEntries
{
    /// <summary>
    /// Wraps the response channel for capture = "full"; otherwise returns it as it is (no copy, no
    /// extra call per write).
    /// </summary>
    public static IResponseChannel Capturing(RequestLogWriter log, IResponseChannel channel) =>
        log.Enabled && log.Capture == Config.RequestLogCapture.Full ? new CapturingResponseChannel(channel, RequestLogWriter.MaxCapturedBody) : channel;

    /// <summary>Queues the entry of a request that ran through the graph, when sampling keeps it.</summary>
    public static void Add(RequestLogWriter log, HttpContext context, Exchange exchange, string frontend, int status, TimeProvider time)
    {
        if (!log.ShouldLog(status >= 400 || exchange.Error is not null)) return;
        var usage = exchange.Usage;
        var captured = exchange.Response as CapturingResponseChannel;
        log.TryEnqueue(new RequestLogEntry
        {
            Timestamp = exchange.ReceivedAt,
            RequestId = exchange.RequestId,
            Frontend = frontend,
            Backend = exchange.Target?.Backend.Name,
            Model = exchange.Request?.Model,
            BackendModel = exchange.Target?.UpstreamModel,
            Stream = exchange.Request?.Stream ?? false,
            Status = status,
            Outcome = exchange.Outcome,
            ErrorKind = exchange.Error?.Kind,
            Error = exchange.Error?.Message,
            Attempts = exchange.Attempts,
            TtftMs = exchange.FirstByteTimestamp == 0 ? null : time.GetElapsedTime(exchange.StartTimestamp, exchange.FirstByteTimestamp).TotalMilliseconds,
            E2eMs = time.GetElapsedTime(exchange.StartTimestamp).TotalMilliseconds,
            InputTokens = usage?.Input,
            OutputTokens = usage?.Output,
            CacheReadTokens = usage?.CacheRead,
            CacheWriteTokens = usage?.CacheWrite,
            ReasoningTokens = usage?.Reasoning,
            ClientAddress = context.Connection.RemoteIpAddress,
            RequestHeaders = log.Capture >= Config.RequestLogCapture.Metadata ? Headers(context.Request) : null,
            RequestBytes = log.Capture >= Config.RequestLogCapture.Metadata ? exchange.Body.Length : null,
            RequestBody = log.Capture == Config.RequestLogCapture.Full ? Cut(exchange.Body) : null,
            ResponseBody = captured?.Captured,
            ResponseBytes = captured?.TotalBytes,
        });
    }

    /// <summary>Queues the entry of a request refused before the graph (body too large, unknown previous_response_id). Always kept: it is an error.</summary>
    public static void AddRejected(RequestLogWriter log, HttpContext context, string requestId, string frontend, GatewayError error, int status, long startTimestamp, TimeProvider time)
    {
        if (!log.ShouldLog(isError: true)) return;
        var elapsed = time.GetElapsedTime(startTimestamp);
        log.TryEnqueue(new RequestLogEntry
        {
            Timestamp = time.GetUtcNow() - elapsed,
            RequestId = requestId,
            Frontend = frontend,
            Status = status,
            ErrorKind = error.Kind,
            Error = error.Message,
            E2eMs = elapsed.TotalMilliseconds,
            ClientAddress = context.Connection.RemoteIpAddress,
            RequestHeaders = log.Capture >= Config.RequestLogCapture.Metadata ? Headers(context.Request) : null,
        });
    }

    // A copy: the entry outlives the request, and the body's buffer belongs to the request.
    private static byte[] Cut(ReadOnlyMemory<byte> body) =>
        body[..Math.Min(body.Length, RequestLogWriter.MaxCapturedBody)].ToArray();

    private static KeyValuePair<string, string>[] Headers(HttpRequest request)
    {
        var headers = new KeyValuePair<string, string>[request.Headers.Count];
        var i = 0;
        foreach (var (name, value) in request.Headers) headers[i++] = new(name, value.ToString());
        return headers;
    }
}
