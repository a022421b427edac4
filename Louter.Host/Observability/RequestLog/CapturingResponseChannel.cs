using System.Buffers;
using Louter.Streams.Pipeline;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// Wraps the client's response channel when capture = "full" and keeps a copy of what was written,
/// up to a limit. Never created otherwise, so the request log costs nothing on writes by default.
/// </summary>
internal sealed class CapturingResponseChannel(IResponseChannel inner, int limit) : IResponseChannel
{
    private readonly ArrayBufferWriter<byte> _captured = new(1024);

    public bool HasStarted => inner.HasStarted;

    /// <summary>Every byte written to the client, including what went past the limit.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>The first <c>limit</c> bytes written to the client.</summary>
    public ReadOnlyMemory<byte> Captured => _captured.WrittenMemory;

    public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers) =>
        inner.Start(status, contentType, headers);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => WriteAsync(data, flush: true, cancellationToken);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool flush, CancellationToken cancellationToken)
    {
        var room = limit - _captured.WrittenCount;
        if (room > 0) _captured.Write(data.Span[..Math.Min(room, data.Length)]);
        TotalBytes += data.Length;
        return inner.WriteAsync(data, flush, cancellationToken);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
}
