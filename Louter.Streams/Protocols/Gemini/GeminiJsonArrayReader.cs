using System.Buffers;
using System.IO.Pipelines;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Reads the elements of Gemini's JSON-array stream (<c>:streamGenerateContent</c> without
/// <c>alt=sse</c>) from a byte stream as they arrive: the body is one array, pretty-printed over many
/// lines and sent element by element, so neither line breaks nor a whole-body parse find the
/// boundaries. The reader tracks nesting and strings, resumes its scan where the last read stopped
/// (no rescanning), and reads only as far as the next element (backpressure, as <see cref="Sse.SseReader"/>).
/// </summary>
public sealed class GeminiJsonArrayReader : IAsyncDisposable
{
    private enum Phase { BeforeArray, FirstElement, InElement, AfterElement, NextElement, Done }

    private readonly PipeReader _reader;
    private readonly int _maxElementBytes;
    private Phase _phase;
    private long _scanned;
    private int _depth;
    private bool _inString;
    private bool _escape;
    private bool _primitive;

    public GeminiJsonArrayReader(Stream stream, int maxElementBytes = 32 * 1024 * 1024)
    {
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        _maxElementBytes = maxElementBytes;
    }

    /// <summary>True once the closing "]" was read: the body ended as a whole array.</summary>
    public bool Closed { get; private set; }

    /// <summary>The next element's JSON bytes, or null at the end of the array (or of the body).</summary>
    /// <exception cref="InvalidDataException">The body is not a JSON array, or ended inside an element.</exception>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        while (_phase != Phase.Done)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadElement(ref buffer, out var element))
            {
                _reader.AdvanceTo(buffer.Start);
                return element;
            }
            _reader.AdvanceTo(buffer.Start, result.Buffer.End);

            if (result.IsCompleted && _phase != Phase.Done)
            {
                var inElement = _phase == Phase.InElement;
                _phase = Phase.Done;
                if (inElement) throw new InvalidDataException("The JSON array stream ended in the middle of an element.");
            }
        }
        return null;
    }

    private bool TryReadElement(ref ReadOnlySequence<byte> buffer, out byte[]? element)
    {
        element = null;
        while (true)
        {
            if (_phase == Phase.InElement)
            {
                if (Scan(buffer, out var length))
                {
                    element = buffer.Slice(0, length).ToArray();
                    buffer = buffer.Slice(length);
                    _phase = Phase.AfterElement;
                    return true;
                }
                if (buffer.Length > _maxElementBytes)
                    throw new InvalidDataException($"A JSON array stream element exceeded {_maxElementBytes} bytes.");
                return false;
            }

            var reader = new SequenceReader<byte>(buffer);
            reader.AdvancePastAny(" \t\r\n"u8);
            if (_phase == Phase.Done || !reader.TryPeek(out var next))
            {
                buffer = buffer.Slice(reader.Position);
                return false;
            }

            switch (_phase)
            {
                case Phase.BeforeArray when next == '[':
                    reader.Advance(1);
                    _phase = Phase.FirstElement;
                    break;
                case Phase.FirstElement or Phase.AfterElement when next == ']':
                    reader.Advance(1);
                    _phase = Phase.Done;
                    Closed = true;
                    break;
                case Phase.AfterElement when next == ',':
                    reader.Advance(1);
                    _phase = Phase.NextElement;
                    break;
                case Phase.FirstElement or Phase.NextElement when next is not (byte)',' and not (byte)']':
                    StartElement();
                    break;
                default:
                    throw new InvalidDataException($"Unexpected '{(char)next}' in a JSON array stream.");
            }
            buffer = buffer.Slice(reader.Position);
        }
    }

    private void StartElement()
    {
        _phase = Phase.InElement;
        _scanned = 0;
        _depth = 0;
        _inString = _escape = _primitive = false;
    }

    /// <summary>Scans from where the last call stopped; true with the element's length when it is complete.</summary>
    private bool Scan(ReadOnlySequence<byte> buffer, out long length)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(_scanned);
        while (reader.TryRead(out var c))
        {
            if (_inString)
            {
                if (_escape)
                {
                    _escape = false;
                }
                else if (c == '\\')
                {
                    _escape = true;
                }
                else if (c == '"')
                {
                    _inString = false;
                    if (_depth == 0) return Done(reader.Consumed, out length); // a bare string element
                }
                continue;
            }
            if (_primitive)
            {
                // A bare number or literal ends at the delimiter after it, which is not part of it.
                if (c is (byte)',' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') return Done(reader.Consumed - 1, out length);
                continue;
            }
            switch (c)
            {
                case (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case (byte)'}' or (byte)']':
                    if (--_depth == 0) return Done(reader.Consumed, out length);
                    break;
                case (byte)'"':
                    _inString = true;
                    break;
                default:
                    if (_depth == 0) _primitive = true;
                    break;
            }
        }
        _scanned = reader.Consumed;
        length = 0;
        return false;
    }

    private static bool Done(long consumed, out long length)
    {
        length = consumed;
        return true;
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();
}
