using Louter.Streams.Errors;

namespace Louter.Streams.Pipeline;

public enum ClientFrameKind
{
    /// <summary>Status, content type and headers for the client (sent with the first data).</summary>
    Head,
    /// <summary>Bytes in the client's protocol, written and flushed.</summary>
    Data,
    /// <summary>An error, rendered by the frontend as an HTTP error or, once streaming began, in-stream.</summary>
    Error,
    /// <summary>Nothing for the client (the frontend dropped the frame); filtered out before the sink.</summary>
    Skip,
}

/// <summary>What the translate stage emits and the sink writes.</summary>
public readonly record struct ClientFrame(Exchange Exchange, ClientFrameKind Kind)
{
    public ReadOnlyMemory<byte> Data { get; init; }
    public GatewayError? Error { get; init; }
    public int Status { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
