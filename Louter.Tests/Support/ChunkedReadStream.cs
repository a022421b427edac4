namespace Louter.Tests.Support;

/// <summary>
/// A read-only stream over fixed bytes that hands them out in reads of the sizes a function
/// chooses, so readers meet every possible read boundary (a CRLF split in two, a field name cut
/// in half) the way a network stream delivers them.
/// </summary>
internal sealed class ChunkedReadStream(byte[] data, Func<int> nextReadSize) : Stream
{
    private int _position;

    public int Reads { get; private set; }

    public static ChunkedReadStream OfSegments(params string[] segments)
    {
        var bytes = segments.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
        var sizes = new Queue<int>(bytes.Select(b => b.Length));
        return new ChunkedReadStream([.. bytes.SelectMany(b => b)], () => sizes.Count > 0 ? sizes.Dequeue() : int.MaxValue);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= data.Length) return 0;
        Reads++;
        var n = Math.Min(Math.Min(Math.Max(1, nextReadSize()), buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
