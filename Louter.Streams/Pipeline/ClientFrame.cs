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
    /// <summary>Nothing new to write, but nothing more is ready either: the sink flushes what it holds.</summary>
    Flush,
}

/// <summary>
/// What the translate stage emits and the sink writes. A class, not a struct: Akka.Streams holds
/// stream elements as objects, so a struct would be boxed again at every stage it passes.
/// </summary>
public sealed record ClientFrame(Exchange Exchange, ClientFrameKind Kind)
{
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>
    /// More of the answer is already at hand (the upstream's next event is buffered): the sink may
    /// write this without flushing, and flushes once nothing more is ready.
    /// </summary>
    public bool Defer { get; init; }

    /// <summary>Upstream events whose output this data frame carries (more than one for a batch that arrived together).</summary>
    public int Chunks { get; init; } = 1;
    public GatewayError? Error { get; init; }
    public int Status { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
