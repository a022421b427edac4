namespace Louter.Streams.Pipeline;

/// <summary>
/// The client's side of one exchange, as the graph's sink sees it. The host implements it over
/// ASP.NET Core's HttpResponse; tests implement it in memory.
/// <para>
/// The bytes given to a write are lent, not given: they may be a slice of a buffer the graph reuses
/// once the write has completed. A channel reads them before its write completes (a PipeWriter copies
/// them into its own buffer during the call) and copies what it keeps.
/// </para>
/// </summary>
public interface IResponseChannel
{
    /// <summary>True once the first byte has gone to the client: from then on errors must go in-stream.</summary>
    bool HasStarted { get; }

    /// <summary>Sets status, content type and headers. Nothing is sent until the first write.</summary>
    void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers);

    /// <summary>Writes and flushes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>
    /// Writes, and flushes unless <paramref name="flush"/> is false and the response has started (the
    /// first write always goes out at once). A channel may flush anyway; the default always does.
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool flush, CancellationToken cancellationToken) => WriteAsync(data, cancellationToken);

    /// <summary>Sends what unflushed writes left behind.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
