using System.Buffers;
using System.Text;
using System.Text.Json;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Anthropic.Wire;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

/// <summary>The directly written content_block_delta is byte for byte what the serializer writes for the event records.</summary>
public sealed class AnthropicSseTests
{
    public static TheoryData<string, string, string> Deltas()
    {
        var values = new[] { "plain", "", "quote \" backslash \\ slash / newline \n tab \t", "é ü 漢字 😀", "<script>&'", "\u0001\u001f", "lone \ud800 surrogate", "{\"city\":\"Paris\"}", "\u2028 line separator \u007f del \ufeff bom", new string('w', 5000) };
        var data = new TheoryData<string, string, string>();
        foreach (var value in values)
        {
            data.Add("text_delta", "text", value);
            data.Add("input_json_delta", "partial_json", value);
            data.Add("thinking_delta", "thinking", value);
            data.Add("signature_delta", "signature", value);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Deltas))]
    public void WriteContentBlockDelta_IsWhatTheSerializerWrites(string type, string field, string value)
    {
        foreach (var index in new[] { 0, 3, 12345, int.MaxValue }) WriteContentBlockDelta_AtIndex(type, field, value, index);
    }

    private static void WriteContentBlockDelta_AtIndex(string type, string field, string value, int index)
    {
        var delta = field switch
        {
            "text" => new EventDelta { Type = type, Text = value },
            "partial_json" => new EventDelta { Type = type, PartialJson = value },
            "thinking" => new EventDelta { Type = type, Thinking = value },
            _ => new EventDelta { Type = type, Signature = value },
        };
        var expected = new ArrayBufferWriter<byte>();
        AnthropicSse.Write(expected, "content_block_delta", new ContentBlockDeltaEvent { Index = index, Delta = delta }, AnthropicJson.Writer.ContentBlockDeltaEvent);

        var actual = new ArrayBufferWriter<byte>();
        using var json = AnthropicSse.NewWriter(actual, AnthropicJson.Writer.Options);
        // Twice through one writer: the reuse across events must not leak state.
        AnthropicSse.WriteContentBlockDelta(actual, index, JsonEncodedText.Encode(type), JsonEncodedText.Encode(field), value, json);
        AnthropicSse.WriteContentBlockDelta(actual, index, JsonEncodedText.Encode(type), JsonEncodedText.Encode(field), value, json);

        var once = Encoding.UTF8.GetString(expected.WrittenSpan);
        Assert.Equal(once + once, Encoding.UTF8.GetString(actual.WrittenSpan));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public void WriteContentBlockStop_IsWhatTheSerializerWrites(int index)
    {
        var expected = new ArrayBufferWriter<byte>();
        AnthropicSse.Write(expected, "content_block_stop", new ContentBlockStopEvent { Index = index }, AnthropicJson.Writer.ContentBlockStopEvent);
        var actual = new ArrayBufferWriter<byte>();

        AnthropicSse.WriteContentBlockStop(actual, index);

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(actual.WrittenSpan));
    }

    [Fact]
    public void MessageStop_IsWhatTheSerializerWrites()
    {
        var expected = new ArrayBufferWriter<byte>();
        AnthropicSse.Write(expected, "message_stop", new MessageStopEvent(), AnthropicJson.Writer.MessageStopEvent);

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Encoding.UTF8.GetString(AnthropicSse.MessageStop));
    }
}
