using System.Buffers.Binary;
using System.Text;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>One span as an OTLP exporter sent it (the fields the tracing tests look at).</summary>
public sealed record ExportedSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, object> Attributes, int StatusCode, string StatusMessage, IReadOnlyList<string> Events)
{
    public const int KindInternal = 1;
    public const int KindServer = 2;
    public const int KindClient = 3;
    public const int StatusError = 2;

    public object? this[string key] => Attributes.GetValueOrDefault(key);
}

/// <summary>
/// Reads the OTLP/HTTP protobuf body of <c>POST /v1/traces</c> without the OpenTelemetry.Proto
/// package: ExportTraceServiceRequest → resource_spans(1) → scope_spans(2) → spans(2), and of each
/// span the ids, name, kind, attributes (string, bool, int, double, string arrays), events and status.
/// Field numbers from opentelemetry-proto trace/v1/trace.proto and common/v1/common.proto.
/// </summary>
public static class OtlpProtobuf
{
    public static List<ExportedSpan> ReadExportRequest(ReadOnlySpan<byte> body)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Fields(body, 1))
            foreach (var scopeSpans in Fields(resourceSpans, 2))
                foreach (var span in Fields(scopeSpans, 2))
                    spans.Add(ReadSpan(span));
        return spans;
    }

    private static ExportedSpan ReadSpan(byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "", statusMessage = "";
        int kind = 0, statusCode = 0;
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        var events = new List<string>();
        var reader = new Reader(span);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): traceId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (2, 2): spanId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (4, 2): parent = Convert.ToHexStringLower(reader.Bytes()); break;
                case (5, 2): name = Encoding.UTF8.GetString(reader.Bytes()); break;
                case (6, 0): kind = (int)reader.Varint(); break;
                case (9, 2):
                    var (key, value) = ReadKeyValue(reader.Bytes());
                    if (value is not null) attributes[key] = value;
                    break;
                case (11, 2):
                    foreach (var eventName in Fields(reader.Bytes(), 2)) events.Add(Encoding.UTF8.GetString(eventName));
                    break;
                case (15, 2):
                    var status = new Reader(reader.Bytes());
                    while (status.Next(out var f, out var w))
                    {
                        if (f == 2 && w == 2) statusMessage = Encoding.UTF8.GetString(status.Bytes());
                        else if (f == 3 && w == 0) statusCode = (int)status.Varint();
                        else status.Skip(w);
                    }
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return new ExportedSpan(traceId, spanId, parent, name, kind, attributes, statusCode, statusMessage, events);
    }

    private static (string Key, object? Value) ReadKeyValue(byte[] keyValue)
    {
        string key = "";
        object? value = null;
        var reader = new Reader(keyValue);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2) key = Encoding.UTF8.GetString(reader.Bytes());
            else if (field == 2 && wire == 2) value = ReadAnyValue(reader.Bytes());
            else reader.Skip(wire);
        }
        return (key, value);
    }

    /// <summary>AnyValue: string(1), bool(2), int(3), double(4), array(5) of AnyValue(1).</summary>
    private static object? ReadAnyValue(byte[] anyValue)
    {
        var reader = new Reader(anyValue);
        object? value = null;
        while (reader.Next(out var field, out var wire))
        {
            value = (field, wire) switch
            {
                (1, 2) => Encoding.UTF8.GetString(reader.Bytes()),
                (2, 0) => reader.Varint() != 0,
                (3, 0) => (long)reader.Varint(),
                (4, 1) => BitConverter.Int64BitsToDouble((long)reader.Fixed64()),
                (5, 2) => Fields(reader.Bytes(), 1).Select(ReadAnyValue).Select(v => v?.ToString() ?? "").ToArray(),
                _ => Skip(ref reader, wire),
            };
        }
        return value;
    }

    private static object? Skip(ref Reader reader, int wire)
    {
        reader.Skip(wire);
        return null;
    }

    /// <summary>The length-delimited occurrences of <paramref name="number"/> in a message.</summary>
    private static List<byte[]> Fields(ReadOnlySpan<byte> message, int number)
    {
        var result = new List<byte[]>();
        var reader = new Reader(message.ToArray());
        while (reader.Next(out var field, out var wire))
        {
            if (field == number && wire == 2) result.Add(reader.Bytes());
            else reader.Skip(wire);
        }
        return result;
    }

    private struct Reader(byte[] data)
    {
        private int _at;

        public bool Next(out int field, out int wire)
        {
            if (_at >= data.Length)
            {
                field = wire = 0;
                return false;
            }
            var tag = Varint();
            field = (int)(tag >> 3);
            wire = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }

        public ulong Fixed64()
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(_at, 8));
            _at += 8;
            return value;
        }

        public byte[] Bytes()
        {
            var length = (int)Varint();
            var bytes = data.AsSpan(_at, length).ToArray();
            _at += length;
            return bytes;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _at += 8; break;
                case 2:
                    // Not `_at += (int)Varint()`: that reads _at before Varint moves it past the length.
                    var length = (int)Varint();
                    _at += length;
                    break;
                case 5: _at += 4; break;
                default: throw new InvalidDataException($"protobuf wire type {wire} is not expected in OTLP traces");
            }
        }
    }
}
