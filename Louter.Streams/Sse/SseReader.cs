using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Louter.Streams.Sse;

/// <summary>
/// Reads server-sent events from a byte stream, per the WHATWG event-stream grammar: lines end in
/// LF, CRLF or CR; "data:" lines accumulate; "event:" names the event; lines starting with ":" are
/// comments (keep-alives); a blank line dispatches. Only what is needed for the next event is read,
/// so a slow consumer slows the upstream read (backpressure).
/// </summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly PipeReader _reader;
    private readonly int _maxEventBytes;
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private string? _event;
    private bool _hasData;
    private bool _completed;

    /// <summary>
    /// After <see cref="ReadAsync"/> returned an event: whether the bytes already read hold another
    /// whole event (a blank line follows), so the next read returns without waiting on the stream.
    /// False when unsure.
    /// </summary>
    public bool HasBufferedEvent { get; private set; }

    public SseReader(Stream stream, int maxEventBytes = 32 * 1024 * 1024)
    {
        // 4 KiB reads: an event is rarely larger (a bigger one spans reads), and ten thousand open
        // streams hold one buffer each.
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4 * 1024, minimumReadSize: 1024, leaveOpen: true));
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_completed) return null;

            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadEvent(ref buffer, result.IsCompleted, out var ev))
            {
                HasBufferedEvent = HoldsEventEnd(buffer);
                // Only what was consumed counts as examined: the rest of the buffer may already
                // hold the next event, and the next read must return it without waiting for more bytes.
                _reader.AdvanceTo(buffer.Start);
                return ev;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);

            if (result.IsCompleted)
            {
                _completed = true;
                HasBufferedEvent = false;
                // Tolerate a final event that is not followed by a blank line.
                return _hasData ? Dispatch() : null;
            }
        }
    }

    /// <summary>A blank line (LF LF, or CR LF CR LF) within one segment of what is left.</summary>
    private static bool HoldsEventEnd(in ReadOnlySequence<byte> rest)
    {
        foreach (var segment in rest)
        {
            var span = segment.Span;
            if (span.IndexOf("\n\n"u8) >= 0 || span.IndexOf("\r\n\r\n"u8) >= 0) return true;
        }
        return false;
    }

    private bool TryReadEvent(ref ReadOnlySequence<byte> buffer, bool isFinal, out SseEvent ev)
    {
        var reader = new SequenceReader<byte>(buffer);
        ev = default;
        var found = false;
        while (!found && reader.TryReadToAny(out ReadOnlySequence<byte> line, "\r\n"u8, advancePastDelimiter: false))
        {
            reader.TryRead(out var delimiter);
            if (delimiter == (byte)'\r')
            {
                // A CR at the very end of the buffer may be the first half of a CRLF.
                if (reader.End && !isFinal)
                {
                    reader.Rewind(line.Length + 1);
                    break;
                }
                if (reader.IsNext((byte)'\n', advancePast: true)) { }
            }

            if (line.IsEmpty)
            {
                if (_hasData)
                {
                    ev = Dispatch();
                    found = true;
                }
                _event = null;
                continue;
            }
            ProcessLine(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
        }

        // An unfinished line already longer than any valid "data:" line would otherwise be buffered
        // without bound while the upstream keeps sending bytes without a line end.
        if (!found && reader.Remaining > _maxEventBytes + "data: ".Length)
            throw new InvalidDataException($"A server-sent event line exceeded {_maxEventBytes} bytes.");

        buffer = buffer.Slice(reader.Position);
        return found;
    }

    private void ProcessLine(ReadOnlySpan<byte> line)
    {
        if (line[0] == (byte)':') return; // comment / keep-alive

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ') value = value[1..];

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData) _data.Write("\n"u8);
            if (_data.WrittenCount + value.Length > _maxEventBytes)
                throw new InvalidDataException($"A server-sent event exceeded {_maxEventBytes} bytes.");
            _data.Write(value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _event = Encoding.UTF8.GetString(value);
        }
        // "id" and "retry" carry nothing Louter relays.
    }

    private SseEvent Dispatch()
    {
        var ev = new SseEvent(_event, _data.WrittenSpan.ToArray());
        _data.ResetWrittenCount();
        _hasData = false;
        _event = null;
        return ev;
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();
}
