namespace Louter.Streams.Mock;

/// <summary>
/// A read-only stream that hands out prepared events one at a time, pausing before each event
/// after the first (the mock's per-chunk delay), so readers see a paced stream as from a real model.
/// </summary>
internal sealed class MockEventStream(IReadOnlyList<byte[]> events, TimeSpan delay, TimeProvider time) : AsyncReadOnlyStream
{
    private int _next;
    private byte[]? _current;
    private int _offset;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_current is null || _offset == _current.Length)
        {
            if (_next >= events.Count) return 0;
            if (_next > 0 && delay > TimeSpan.Zero) await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            _current = events[_next++];
            _offset = 0;
        }

        var n = Math.Min(buffer.Length, _current.Length - _offset);
        _current.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }
}
