using Louter.Streams.Errors;

namespace Louter.Streams.Pipeline;

/// <summary>What every frontend's same-protocol relay says alike: the response head, and a stream cut off before its end.</summary>
public static class RelayFrames
{
    /// <summary>
    /// Headers every streamed answer gets. Reverse proxies (nginx) buffer responses unless told not
    /// to; a buffered stream is not a stream.
    /// </summary>
    public static readonly KeyValuePair<string, string>[] StreamHeaders =
    [
        new("cache-control", "no-cache"),
        new("x-accel-buffering", "no"),
    ];

    public const string SseContentType = "text/event-stream; charset=utf-8";

    /// <summary>The client's 200 head for a relayed answer: the upstream's passed-on headers, plus <see cref="StreamHeaders"/> when streaming.</summary>
    public static ClientFrame Head(in BackendFrame frame, bool stream, string contentType) =>
        new(frame.Exchange, ClientFrameKind.Head)
        {
            Status = 200,
            ContentType = contentType,
            Headers = stream ? [.. frame.Headers, .. StreamHeaders] : frame.Headers,
        };

    /// <summary>The head for a protocol whose streams are SSE and whose whole answers are JSON.</summary>
    public static ClientFrame Head(in BackendFrame frame)
    {
        var stream = frame.Exchange.Request?.Stream == true;
        return Head(frame, stream, stream ? SseContentType : "application/json");
    }

    /// <summary>The upstream's body ended before its protocol's last event: the client must not take a cut-off answer for a whole one.</summary>
    public static ClientFrame CutOff(Exchange exchange)
    {
        exchange.Outcome = UpstreamOutcome.ProtocolError;
        return new ClientFrame(exchange, ClientFrameKind.Error)
        {
            Error = new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{exchange.Target?.Backend.Name}' closed the stream before it finished."),
        };
    }
}
