using Louter.Streams.Mock;
using System.Threading.Channels;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>
/// An upstream response body that the test writes into while the graph reads it: every read
/// waits until the test sends the next bytes (or ends the stream), so a test can stall the
/// upstream, move a fake clock while a read is pending, and see whether the read was cancelled.
/// </summary>
internal sealed class ScriptedStream : AsyncReadOnlyStream
{
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<int> _readsStarted = Channel.CreateUnbounded<int>();
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _pending = [];
    private int _offset;
    private int _reads;

    /// <summary>Completes when a read was cancelled while waiting for bytes.</summary>
    public Task Cancelled => _cancelled.Task;

    /// <summary>Completes when the reader disposed the body (the upstream connection is released).</summary>
    public Task Disposed => _disposed.Task;

    /// <summary>Waits until the reader is blocked on a read that has no bytes to return yet.</summary>
    public async Task WaitForPendingReadAsync() => await _readsStarted.Reader.ReadAsync();

    public void Send(string text) => _chunks.Writer.TryWrite(System.Text.Encoding.UTF8.GetBytes(text));

    public void End() => _chunks.Writer.TryComplete();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset == _pending.Length)
        {
            _readsStarted.Writer.TryWrite(++_reads);
            try
            {
                if (!await _chunks.Reader.WaitToReadAsync(cancellationToken)) return 0;
            }
            catch (OperationCanceledException)
            {
                _cancelled.TrySetResult();
                throw;
            }
            _pending = await _chunks.Reader.ReadAsync(CancellationToken.None);
            _offset = 0;
        }

        var n = Math.Min(buffer.Length, _pending.Length - _offset);
        _pending.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        _disposed.TrySetResult();
        base.Dispose(disposing);
    }
}
