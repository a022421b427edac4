using System.Buffers;
using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Routing;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.OpenAI.Mapping;

/// <summary>OpenAI wire → canonical → OpenAI wire keeps what matters; the encoder's stream decodes back to the same canonical events.</summary>
public sealed class OpenAIRoundTripTests
{
    private static readonly RouteCandidate Target = new(new BackendDescriptor { Name = "b", MaxTokensField = MaxTokensFieldName.MaxCompletionTokens }, "upstream-model");

    private const string Request = """
        {"model":"gpt-x","stream":true,"temperature":0.5,"top_p":0.9,"stop":["END"],"seed":7,"max_tokens":100,"user":"u1",
         "reasoning_effort":"low","parallel_tool_calls":false,"tool_choice":{"type":"function","function":{"name":"weather"}},
         "response_format":{"type":"json_schema","json_schema":{"name":"out","schema":{"type":"object"},"strict":true}},
         "tools":[{"type":"function","function":{"name":"weather","description":"Get weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
         "messages":[
           {"role":"system","content":"Be brief."},
           {"role":"user","content":[{"type":"text","text":"Look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]},
           {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"weather","arguments":"{\"city\":\"Paris\"}"}}]},
           {"role":"tool","tool_call_id":"call_1","content":"sunny"},
           {"role":"user","content":"thanks"}]}
        """;

    private static ChatRequest Canonical()
    {
        var (wire, error) = ChatRequestDecoder.Decode(Encoding.UTF8.GetBytes(Request));
        Assert.Null(error);
        return OpenAIRequestMapper.ToCanonical(wire!);
    }

    [Fact]
    public void ToCanonical_MapsEveryFeature()
    {
        var c = Canonical();

        Assert.Equal("Be brief.", Assert.Single(c.System).Text);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.User], c.Messages.Select(m => m.Role));
        var image = Assert.IsType<ImageBlock>(c.Messages[0].Content[1]);
        Assert.Equal(new MediaSource.Inline("image/png", "iVBORw0KGgo="), image.Source);
        Assert.Equal("high", image.Detail);
        Assert.Equal(new ToolUseBlock("call_1", "weather", "{\"city\":\"Paris\"}"), c.Messages[1].Content[0]);
        var result = Assert.IsType<ToolResultBlock>(c.Messages[2].Content[0]);
        Assert.Equal(("call_1", "weather", "sunny"), (result.ToolUseId, result.Name, result.Text));
        Assert.Equal(new ToolChoice(ToolChoiceMode.Specific, "weather") { ParallelCalls = false }, c.ToolChoice);
        Assert.Equal(100, c.Sampling.MaxOutputTokens);
        Assert.Equal(["END"], c.Sampling.Stop);
        Assert.Equal(ResponseFormatKind.JsonSchema, c.ResponseFormat!.Kind);
        Assert.Equal("low", c.Reasoning!.Effort);
        Assert.True(c.Stream);
    }

    [Fact]
    public void Write_FromCanonical_IsAnEquivalentOpenAIRequest()
    {
        using var doc = JsonDocument.Parse(OpenAIRequestWriter.Write(Canonical(), Target));
        var root = doc.RootElement;

        Assert.Equal("upstream-model", root.GetProperty("model").GetString());
        Assert.Equal(100, root.GetProperty("max_completion_tokens").GetInt32());
        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        var messages = root.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "tool", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", messages[1].GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, messages[2].GetProperty("content").ValueKind);
        Assert.Equal("call_1", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("weather", root.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.False(root.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Equal("json_schema", root.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal("low", root.GetProperty("reasoning_effort").GetString());
    }

    [Fact]
    public void Write_AudioByUrl_IsRefusedNamingThePart()
    {
        var request = new ChatRequest("m", [new ChatMessage(ChatRole.User, [new TextBlock("hi"), new AudioBlock(new MediaSource.Url("https://x/a.wav"))])]);

        var e = Assert.Throws<CodecException>(() => OpenAIRequestWriter.Write(request, Target));

        Assert.Equal("messages[0].content[1]", e.Error.Param);
        Assert.Equal(400, e.Error.Status);
    }

    [Fact]
    public void Write_FreeformCallInHistory_IsWrappedAsTheInputParameter_OtherCallsAsTheyAre()
    {
        var patch = "*** Begin Patch\n*** Add File: a.txt\n+\"hi\"\n*** End Patch";
        var request = new ChatRequest("m",
        [
            ChatMessage.UserText("patch it"),
            new ChatMessage(ChatRole.Assistant, [new ToolUseBlock("call_1", "apply_patch", patch), new ToolUseBlock("call_2", "weather", """{"city":"Paris"}""")]),
            new ChatMessage(ChatRole.User, [new ToolResultBlock("call_1", [new TextBlock("done")]), new ToolResultBlock("call_2", [new TextBlock("sunny")])]),
        ])
        {
            Tools = [new ToolDefinition("apply_patch") { Freeform = true }, new ToolDefinition("weather")],
        };

        using var doc = JsonDocument.Parse(OpenAIRequestWriter.Write(request, Target));

        var calls = doc.RootElement.GetProperty("messages")[1].GetProperty("tool_calls");
        using var wrapped = JsonDocument.Parse(calls[0].GetProperty("function").GetProperty("arguments").GetString()!);
        Assert.Equal(patch, wrapped.RootElement.GetProperty("input").GetString());
        Assert.Equal("""{"city":"Paris"}""", calls[1].GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public void Encoder_StreamDecodesBackToTheSameCanonicalEvents()
    {
        StreamEvent[] original =
        [
            new MessageStart("id1", "model-1"),
            new BlockStart(0, BlockKind.Thinking),
            new BlockDelta(0, DeltaKind.Thinking, "hmm"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            new BlockDelta(1, DeltaKind.Text, "Hello "),
            new BlockDelta(1, DeltaKind.Text, "world"),
            new BlockStop(1),
            new BlockStart(2, BlockKind.ToolUse) { ToolId = "t1", ToolName = "weather" },
            new BlockDelta(2, DeltaKind.ArgumentsJson, "{\"city\":"),
            new BlockDelta(2, DeltaKind.ArgumentsJson, "\"Paris\"}"),
            new BlockStop(2),
            new MessageDelta(StopReason.ToolUse) { Usage = new TokenUsage(12, 7) { CacheRead = 2, Reasoning = 3 } },
            MessageStop.Instance,
        ];
        var exchange = new Exchange("r", Encoding.UTF8.GetBytes("{}"), new RecordingResponseChannel(), 0, CancellationToken.None)
        {
            ReceivedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        };
        exchange.Request = new OpenAIChatDecoded { Wire = new(), Model = "asked", Stream = true, ClientWantsStreamUsage = true };
        var encoder = new OpenAIResponseEncoder(exchange);
        var wire = new ArrayBufferWriter<byte>();
        foreach (var e in original) encoder.Encode(e, wire);
        encoder.Complete(wire);

        var text = Encoding.UTF8.GetString(wire.WrittenSpan);
        var decoder = new OpenAIStreamDecoder();
        var decoded = new List<StreamEvent>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            decoder.Decode(new SseEvent(null, Encoding.UTF8.GetBytes(block["data: ".Length..])), decoded);

        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        Assert.Equal("chatcmpl-id1", decoded.OfType<MessageStart>().Single().Id);
        Assert.Equal(original.Skip(1).Where(e => e is not MessageDelta), decoded.Skip(1).Where(e => e is not MessageDelta));
        var delta = decoded.OfType<MessageDelta>().Single();
        Assert.Equal(StopReason.ToolUse, delta.StopReason);
        Assert.Equal(new TokenUsage(12, 7) { CacheRead = 2, Reasoning = 3 }, delta.Usage);
    }

    [Fact]
    public void EncodeResponse_ThenDecode_KeepsContentStopReasonAndUsage()
    {
        var response = new ChatResponse("r1", "m", [new ThinkingBlock("why"), new TextBlock("answer"), new ToolUseBlock("t1", "f", "{\"a\":1}")], StopReason.ToolUse)
        {
            Usage = new TokenUsage(5, 6),
        };
        var exchange = new Exchange("r", Encoding.UTF8.GetBytes("{}"), new RecordingResponseChannel(), 0, CancellationToken.None);

        var decoded = OpenAIResponseMapper.ToCanonical(new OpenAIResponseEncoder(exchange).EncodeResponse(response));

        Assert.Equal(response.Content, decoded.Content);
        Assert.Equal(StopReason.ToolUse, decoded.StopReason);
        Assert.Equal(new TokenUsage(5, 6), decoded.Usage);
    }
}
