using System.Buffers;
using System.Text;

namespace Louter.Streams.Sse;

/// <summary>
/// Reads server-sent events from a byte stream, per the WHATWG event-stream grammar: lines end in
/// LF, CRLF or CR; "data:" lines accumulate; "event:" names the event; lines starting with ":" are
/// comments (keep-alives); a blank line dispatches. Only what is needed for the next event is read,
/// so a slow consumer slows the upstream read (backpressure).
/// <para>
/// The bytes are read into one pooled buffer and parsed in place; an event already in the buffer is
/// returned without awaiting anything, so a burst of events that arrived in one read costs one read.
/// Each event's data is copied out once (its own array), so an event outlives the next read.
/// </para>
/// <para>
/// A relay that passes the events on as they came uses the other mode instead, <see cref="LocateAsync"/>
/// and <see cref="TryLocateBuffered"/>: events are found in the buffer and not copied, and
/// <see cref="Run"/> is the upstream's bytes of the events found since the last wait. One reader
/// uses one mode.
/// </para>
/// </summary>
public sealed class SseReader : IAsyncDisposable
{
    /// <summary>What one read asks of the stream at least: an event is rarely larger (a bigger one spans reads).</summary>
    private const int MinReadSize = 1024;

    /// <summary>The buffer's first size: ten thousand open streams hold one each.</summary>
    private const int InitialBufferSize = 4 * 1024;

    private readonly Stream _stream;
    private readonly int _maxEventBytes;
    private byte[]? _buffer;
    private int _start; // unparsed bytes are [_start, _end)
    private int _end;
    private bool _endOfStream;
    private bool _completed;
    private bool _reading;
    private bool _disposed;

    // Locate mode's read-ahead (TryReadAhead): a read started while a run was being gathered that did
    // not complete at once, awaited by the next LocateAsync before anything else touches the buffer.
    private ValueTask<int> _ahead;
    private bool _aheadPending;

    /// <summary>The largest the buffer grows to for a read-ahead (a larger event still grows it, in MakeRoom).</summary>
    private const int MaxReadAheadBuffer = 64 * 1024;

    // An event's data: its first "data:" line as is (most events have one line, and it becomes the
    // event's array without a second copy); lines joined once a second one arrives.
    private byte[]? _firstLine;
    private ArrayBufferWriter<byte>? _joined;
    private bool _hasData;
    private string? _event;
    private string? _lastEventName; // streams repeat their event names: one string for a run of the same name

    // Locate mode: the run is [_runStart, _start) of the buffer.
    private int _runStart;

    /// <summary>
    /// After <see cref="ReadAsync"/> returned an event: whether the bytes already read hold another
    /// whole event (a blank line follows), so the next read returns without waiting on the stream.
    /// False when unsure. Looked for when asked (a scan of what is left), not after every event.
    /// </summary>
    public bool HasBufferedEvent => !_completed && _buffer is { } buffer && HoldsEventEnd(buffer.AsSpan(_start, _end - _start));

    public SseReader(Stream stream, int maxEventBytes = 32 * 1024 * 1024)
    {
        _stream = stream;
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    public ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_completed) return ValueTask.FromResult<SseEvent?>(null);
        if (TryReadEvent(out var ev)) return ValueTask.FromResult<SseEvent?>(ev);
        return ReadMoreAsync(cancellationToken);
    }

    /// <summary>The next event if the bytes already read hold it whole; never reads the stream.</summary>
    public bool TryReadBuffered(out SseEvent ev)
    {
        ev = default;
        return !_completed && TryReadEvent(out ev);
    }

    /// <summary>
    /// Locate mode: begins a new <see cref="Run"/> and returns its first event, reading the stream
    /// until one is buffered whole; null at the end of the stream. The run's bytes stay valid until
    /// the next call (or <see cref="DisposeAsync"/>).
    /// </summary>
    public ValueTask<SseEventSpan?> LocateAsync(CancellationToken cancellationToken)
    {
        if (_completed) return ValueTask.FromResult<SseEventSpan?>(null);
        _runStart = _start;
        if (TryLocate(out var ev)) return ValueTask.FromResult<SseEventSpan?>(ev);
        return LocateMoreAsync(cancellationToken);
    }

    /// <summary>Locate mode: the next event of the current run if the bytes already read hold it whole; never reads the stream.</summary>
    public bool TryLocateBuffered(out SseEventSpan ev)
    {
        ev = default;
        return !_completed && TryLocate(out ev);
    }

    /// <summary>
    /// Locate mode: the upstream's bytes of the events found since <see cref="LocateAsync"/> began the
    /// run, from the first event's first line to the last one's blank line (comments between them included).
    /// </summary>
    public ReadOnlyMemory<byte> Run => _buffer is { } buffer ? buffer.AsMemory(_runStart, _start - _runStart) : default;

    /// <summary>
    /// Locate mode, when the run's buffered events are all found but the bytes read end inside an
    /// event (the upstream sent more at once than one read took): reads on into the buffer's free end,
    /// keeping the run's bytes (moved to the buffer's start, the buffer grown when full, up to
    /// <see cref="MaxReadAheadBuffer"/>), so the same run can take the events that are already there.
    /// True when the read completed at once with bytes; a read that would wait is left in flight and
    /// the next <see cref="LocateAsync"/> takes it up (an error too), so nothing waits here.
    /// </summary>
    public bool TryReadAhead(CancellationToken cancellationToken)
    {
        if (_completed || _endOfStream || _aheadPending || _disposed || _buffer is null || _end == _start) return false;
        if (_buffer.Length - _end < MinReadSize && !MakeRoomKeepingRun()) return false;

        ValueTask<int> read;
        try
        {
            read = _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            read = ValueTask.FromException<int>(e); // the next LocateAsync reports it
        }
        if (!read.IsCompletedSuccessfully)
        {
            _reading = true; // the buffer stays ours until that read is done (Release)
            _ahead = read;
            _aheadPending = true;
            return false;
        }
        var count = read.Result;
        if (count == 0) _endOfStream = true;
        else _end += count;
        return count > 0;
    }

    /// <summary>
    /// Room for a read-ahead: the run's bytes moved to the buffer's start (offsets into the run keep
    /// their meaning), into a buffer twice as large when that alone does not free <see cref="MinReadSize"/>.
    /// </summary>
    private bool MakeRoomKeepingRun()
    {
        var buffer = _buffer!;
        var kept = _end - _runStart;
        var target = buffer;
        if (buffer.Length - kept < MinReadSize)
        {
            if (buffer.Length * 2 > MaxReadAheadBuffer) return false;
            target = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        }
        buffer.AsSpan(_runStart, kept).CopyTo(target);
        if (target != buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = target;
        }
        _start -= _runStart;
        _end = kept;
        _runStart = 0;
        return true;
    }

    private async ValueTask<SseEventSpan?> LocateMoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int read;
            if (_aheadPending)
            {
                // A read-ahead still in flight writes past _end: it lands before the buffer may move.
                try
                {
                    read = await _ahead.ConfigureAwait(false);
                }
                finally
                {
                    _ahead = default;
                    _aheadPending = false;
                    _reading = false;
                }
                if (read == 0) _endOfStream = true;
                else _end += read;
                _runStart = _start;
                if (TryLocate(out var early)) return early;
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_endOfStream)
            {
                _completed = true;
                return LocateTail();
            }

            var buffer = MakeRoom();
            _reading = true;
            try
            {
                read = await _stream.ReadAsync(buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _reading = false;
            }
            if (read == 0) _endOfStream = true;
            else _end += read;

            _runStart = _start; // the run is empty, and making room may have moved the bytes
            if (TryLocate(out var ev)) return ev;
        }
    }

    /// <summary>
    /// Finds the next whole event after <c>_start</c> without copying it, and moves <c>_start</c> past
    /// it; false (nothing consumed but blocks without data at the start of an empty run) when the
    /// buffer ends first. The event's offsets are relative to the run.
    /// </summary>
    private bool TryLocate(out SseEventSpan ev)
    {
        ev = default;
        if (_buffer is null) return false;
        var span = _buffer.AsSpan(0, _end);
        var at = _start;
        string? name = null;
        int dataStart = -1, dataLength = 0, dataLines = 0;
        while (TryTakeLine(span, ref at, out var lineStart, out var length))
        {
            var line = span.Slice(lineStart, length);

            if (!line.IsEmpty)
            {
                if (line[0] == (byte)':') continue;
                var colon = line.IndexOf((byte)':');
                var field = colon < 0 ? line : line[..colon];
                var valueAt = colon < 0 ? line.Length : colon + 1;
                if (valueAt < line.Length && line[valueAt] == (byte)' ') valueAt++;
                if (field.SequenceEqual("data"u8))
                {
                    if (line.Length - valueAt > _maxEventBytes) throw EventTooLarge();
                    if (dataLines++ == 0)
                    {
                        dataStart = lineStart + valueAt;
                        dataLength = line.Length - valueAt;
                    }
                }
                else if (field.SequenceEqual("event"u8))
                {
                    var value = line[valueAt..];
                    name = _lastEventName is { } last && Ascii.Equals(value, last) ? last : _lastEventName = Encoding.UTF8.GetString(value);
                }
                continue;
            }

            if (dataLines == 0)
            {
                // A block without data dispatches nothing. At the start of a run it is dropped (a
                // keep-alive between bursts); inside a run it is relayed with the event after it.
                name = null;
                if (_start == _runStart) _start = _runStart = at;
                continue;
            }

            var joined = dataLines > 1 ? JoinData(span[_start..at]) : null;
            ev = new SseEventSpan(name, at - _runStart, dataStart - _runStart, dataLength, joined);
            _start = at;
            return true;
        }

        // An unfinished event already longer than any valid one would otherwise be buffered without
        // bound while the upstream keeps sending bytes without a blank line.
        if (_end - _start > _maxEventBytes + "data: ".Length)
            throw new InvalidDataException($"A server-sent event exceeded {_maxEventBytes} bytes.");
        return false;
    }

    /// <summary>The data lines of one whole event's bytes, joined by "\n" (an event with more than one).</summary>
    private byte[] JoinData(ReadOnlySpan<byte> block)
    {
        var joined = _joined ??= new ArrayBufferWriter<byte>(1024);
        joined.ResetWrittenCount();
        var first = true;
        foreach (var range in block.SplitAny((byte)'\r', (byte)'\n'))
        {
            var line = block[range];
            if (!line.StartsWith("data"u8) || (line.Length > 4 && line[4] != (byte)':')) continue;
            var value = line.Length > 5 && line[5] == (byte)' ' ? line[6..] : line[Math.Min(5, line.Length)..];
            if (!first) joined.Write("\n"u8);
            if (joined.WrittenCount + value.Length > _maxEventBytes) throw EventTooLarge();
            joined.Write(value);
            first = false;
        }
        var data = joined.WrittenSpan.ToArray();
        joined.ResetWrittenCount();
        return data;
    }

    /// <summary>
    /// The end of the stream came after a last event without its blank line: that event is taken as
    /// ended (an unfinished line is dropped) and becomes a run of its own, its blank line added.
    /// </summary>
    private SseEventSpan? LocateTail()
    {
        if (_buffer is null || _start == _end) return null;
        var lastLineEnd = _buffer.AsSpan(_start, _end - _start).LastIndexOfAny((byte)'\r', (byte)'\n');
        if (lastLineEnd < 0) return null;
        _end = _start + lastLineEnd + 1; // an unfinished last line is dropped
        var buffer = MakeRoom();
        "\r\n"u8.CopyTo(buffer.AsSpan(_end)); // after LF, CR or CRLF alike, a blank line
        _end += 2;
        _runStart = _start;
        return TryLocate(out var ev) ? ev : null;
    }

    private async ValueTask<SseEvent?> ReadMoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_endOfStream)
            {
                _completed = true;
                // Tolerate a final event that is not followed by a blank line; an unfinished line is dropped.
                return _hasData ? Dispatch() : null;
            }

            var buffer = MakeRoom();
            int read;
            _reading = true;
            try
            {
                read = await _stream.ReadAsync(buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _reading = false;
            }
            if (read == 0) _endOfStream = true;
            else _end += read;

            if (TryReadEvent(out var ev)) return ev;
        }
    }

    /// <summary>Parses the buffered lines up to the next dispatched event; false when the buffer ends first.</summary>
    private bool TryReadEvent(out SseEvent ev)
    {
        ev = default;
        if (_buffer is null) return false;
        var span = _buffer.AsSpan(_start, _end - _start);
        var at = 0;
        while (TryTakeLine(span, ref at, out var lineStart, out var length))
        {
            var line = span.Slice(lineStart, length);

            if (!line.IsEmpty)
            {
                ProcessLine(line);
                continue;
            }
            if (!_hasData)
            {
                _event = null;
                continue;
            }
            _start += at;
            ev = Dispatch();
            return true;
        }
        _start += at;

        // An unfinished line already longer than any valid "data:" line would otherwise be buffered
        // without bound while the upstream keeps sending bytes without a line end.
        if (_end - _start > _maxEventBytes + "data: ".Length)
            throw new InvalidDataException($"A server-sent event line exceeded {_maxEventBytes} bytes.");
        return false;
    }

    /// <summary>
    /// The next whole line of <paramref name="span"/> from <paramref name="at"/> (LF, CRLF or CR
    /// ended): where it starts, its length without the line end, and <paramref name="at"/> moved past
    /// it. False when no line has ended yet — a CR at the very end of what was read may be the first
    /// half of a CRLF, unless the stream has ended.
    /// </summary>
    private bool TryTakeLine(ReadOnlySpan<byte> span, ref int at, out int start, out int length)
    {
        start = at;
        length = span[at..].IndexOfAny((byte)'\r', (byte)'\n');
        if (length < 0) return false;
        var next = at + length + 1;
        if (span[at + length] == (byte)'\r')
        {
            if (next == span.Length)
            {
                if (!_endOfStream) return false;
            }
            else if (span[next] == (byte)'\n')
            {
                next++;
            }
        }
        at = next;
        return true;
    }

    /// <summary>A blank line (LF LF, or CR LF CR LF) in what is left.</summary>
    private static bool HoldsEventEnd(ReadOnlySpan<byte> rest) =>
        rest.IndexOf("\n\n"u8) >= 0 || rest.IndexOf("\r\n\r\n"u8) >= 0;

    /// <summary>The buffer with at least <see cref="MinReadSize"/> free after the unparsed bytes, moved to its start.</summary>
    private byte[] MakeRoom()
    {
        var unparsed = _end - _start;
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        }
        else if (_buffer.Length - unparsed < MinReadSize)
        {
            // An event spanning more than the buffer: a bigger one (bounded by the line limit above).
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, unparsed + MinReadSize));
            _buffer.AsSpan(_start, unparsed).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_buffer.Length - _end < MinReadSize)
        {
            _buffer.AsSpan(_start, unparsed).CopyTo(_buffer);
        }
        else
        {
            return _buffer;
        }
        _start = 0;
        _end = unparsed;
        return _buffer;
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
            if (!_hasData)
            {
                if (value.Length > _maxEventBytes) throw EventTooLarge();
                _firstLine = value.ToArray();
                _hasData = true;
                return;
            }
            var joined = _joined ??= new ArrayBufferWriter<byte>(1024);
            if (_firstLine is { } first)
            {
                joined.Write(first);
                _firstLine = null;
            }
            if (joined.WrittenCount + 1 + value.Length > _maxEventBytes) throw EventTooLarge();
            joined.Write("\n"u8);
            joined.Write(value);
        }
        else if (field.SequenceEqual("event"u8))
        {
            _event = _lastEventName is { } last && Ascii.Equals(value, last) ? last : _lastEventName = Encoding.UTF8.GetString(value);
        }
        // "id" and "retry" carry nothing Louter relays.
    }

    private InvalidDataException EventTooLarge() => new($"A server-sent event exceeded {_maxEventBytes} bytes.");

    private SseEvent Dispatch()
    {
        byte[] data;
        if (_firstLine is { } only)
        {
            data = only;
            _firstLine = null;
        }
        else
        {
            data = _joined!.WrittenSpan.ToArray();
            _joined.ResetWrittenCount();
        }
        var ev = new SseEvent(_event, data);
        _hasData = false;
        _event = null;
        return ev;
    }

    /// <summary>
    /// Gives the buffer back to the pool. Not while a read is in flight (a stream being torn down
    /// under it): then the buffer goes to the GC with the reader.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    /// <summary><see cref="DisposeAsync"/>, which never waits.</summary>
    public void Release()
    {
        if (!_disposed && !_reading && _buffer is { } buffer)
        {
            _buffer = null;
            _completed = true;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        _disposed = true;
    }
}
