using Louter.Streams.Pipeline;

namespace Louter.Benchmarks.Micro;

/// <summary>A client that takes every write and keeps nothing, so the graph benchmarks time the graph, not the recording.</summary>
internal sealed class NullResponseChannel : IResponseChannel
{
    public static readonly NullResponseChannel Instance = new();

    /// <summary>Never "started": shared by concurrent exchanges, so it must not hold per-request state.</summary>
    public bool HasStarted => false;

    public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
