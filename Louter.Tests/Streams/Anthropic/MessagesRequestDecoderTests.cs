using System.Text;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class MessagesRequestDecoderTests
{
    private const string Msg = """{"role":"user","content":"hi"}""";

    /// <summary>Body → the field Anthropic's own API would name, and the words it would use.</summary>
    public static TheoryData<string, string?, string> InvalidBodies => new()
    {
        { """{"model":"m","messages":[{"role":"user","content":"hi"}]}""", "max_tokens", "max_tokens: Field required" },
        { """{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", "model", "model: Field required" },
        { """{"model":"m","max_tokens":10}""", "messages", "messages: Field required" },
        { """{"model":"m","max_tokens":10,"messages":[]}""", "messages", "messages: at least one message is required" },
        { """{"model":"m","max_tokens":0,"messages":[MSG]}""", "max_tokens", "max_tokens: Input should be greater than or equal to 1" },
        { """{"model":"m","max_tokens":"lots","messages":[MSG]}""", "max_tokens", "max_tokens: Input should be a valid integer" },
        { """{"model":"m","max_tokens":10,"messages":{"role":"user"}}""", "messages", "messages: Input should be a valid list" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"tool","content":"hi"}]}""", "messages.0.role", "messages.0.role: Input should be 'user', 'assistant' or 'system'" },
        { """{"model":"m","max_tokens":10,"messages":[MSG,{"role":"system","content":[{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]}]}""", "messages.1.content.0.type", "messages.1.content.0.type: Input should be 'text'" },
        { """{"model":"m","max_tokens":10,"messages":[{"content":"hi"}]}""", "messages.0.role", "messages.0.role: Field required" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"user"}]}""", "messages.0.content", "messages.0.content: Field required" },
        { """{"model":"m","max_tokens":10,"messages":[MSG,{"role":"user","content":42}]}""", "messages.1.content", "messages.1.content: Input should be a valid string or a list of content blocks" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":7}]}]}""", "messages.0.content.1.text", "messages.0.content.1.text: Input should be a valid string" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"text":"a"}]}]}""", "messages.0.content.0.type", "messages.0.content.0.type: Field required" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":false}]}]}]}""", "messages.0.content.0.content.0.text", "messages.0.content.0.content.0.text: Input should be a valid string" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}""", "messages.0.content.0.tool_use_id", "messages.0.content.0.tool_use_id: Field required" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"tool_use","name":"f","input":{}}]}]}""", "messages.0.content.0.id", "messages.0.content.0.id: Field required" },
        { """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image"}]}]}""", "messages.0.content.0.source", "messages.0.content.0.source: Field required" },
        { """{"model":"m","max_tokens":10,"stream":"yes","messages":[MSG]}""", "stream", "stream: Input should be a valid boolean" },
        { """{"model":"m","max_tokens":10,"temperature":1.5,"messages":[MSG]}""", "temperature", "temperature: Input should be less than or equal to 1" },
        { """{"model":"m","max_tokens":10,"system":[{"type":"image"}],"messages":[MSG]}""", "system.0.type", "system.0.type: Input should be 'text'" },
        { """{"model":"m","max_tokens":10,"tools":[{"name":"f"}],"messages":[MSG]}""", "tools.0.input_schema", "tools.0.input_schema: Field required" },
        { """{"model":"m","max_tokens":10,"tools":[{"name":"f","input_schema":{},"description":1}],"messages":[MSG]}""", "tools.0.description", "tools.0.description: Input should be a valid string" },
        { """{"model":"m","max_tokens":10,"tool_choice":{"type":"required"},"messages":[MSG]}""", "tool_choice", "tool_choice: Input tag 'required' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'" },
        { """{"model":"m","max_tokens":10,"tool_choice":{"type":"tool"},"messages":[MSG]}""", "tool_choice.tool.name", "tool_choice.tool.name: Field required" },
        { """{"model":"m","max_tokens":10,"thinking":{"type":"enabled"},"messages":[MSG]}""", "thinking.enabled.budget_tokens", "thinking.enabled.budget_tokens: Field required" },
        { """{"model":"m","max_tokens":10,"thinking":{"type":"enabled","budget_tokens":100},"messages":[MSG]}""", "thinking.enabled.budget_tokens", "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024" },
        { """{"model":"m","max_tokens":10,"metadata":{"user_id":5},"messages":[MSG]}""", "metadata.user_id", "metadata.user_id: Input should be a valid string" },
        { """[1,2]""", null, "The request body must be a JSON object." },
        { """null""", null, "The request body must be a JSON object." },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void Decode_InvalidBody_Is400InvalidRequestNamingTheFieldInAnthropicsWords(string body, string? field, string message)
    {
        var (_, error) = MessagesRequestDecoder.Decode(Encoding.UTF8.GetBytes(body.Replace("MSG", Msg, StringComparison.Ordinal)));

        Assert.NotNull(error);
        Assert.Equal(GatewayErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(400, error.Status);
        Assert.Equal(field, error.Param);
        Assert.Equal(message, error.Message);
        Assert.Equal("invalid_request_error", AnthropicErrors.TypeOf(error));
    }

    [Theory]
    [InlineData("{\"model\":\"m\",")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"} {]}]}")]
    [InlineData("not json")]
    public void Decode_MalformedJson_SaysTheBodyIsNotJsonWithThePosition(string body)
    {
        var (request, error) = MessagesRequestDecoder.Decode(Encoding.UTF8.GetBytes(body));

        Assert.Null(request);
        Assert.NotNull(error);
        Assert.Equal(GatewayErrorKind.InvalidRequest, error.Kind);
        Assert.Null(error.Param);
        Assert.StartsWith("There was an error parsing the body of your request (line 1, byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EmptyBody_SaysWhatToSend()
    {
        var (_, error) = MessagesRequestDecoder.Decode([]);

        Assert.Contains("empty", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_UnknownFieldsAndBlockTypes_AreAcceptedAndUnknownBlocksKeptRaw()
    {
        var (request, error) = MessagesRequestDecoder.Decode(AnthropicFixtures.Bytes(AnthropicFixtures.RequestFull));

        Assert.Null(error);
        var last = request!.Messages![^1]!.Content!.Blocks!;
        var search = last[^1]!;
        Assert.Equal("search_result", search.Type);
        Assert.Equal("https://docs.example.com/weather", search.Raw!.Value.GetProperty("source").GetString());
        var redacted = request.Messages[2]!.Content!.Blocks![1]!;
        Assert.Equal("redacted_thinking", redacted.Type);
        Assert.NotNull(redacted.Raw);
        var webSearch = request.Tools![2]!;
        Assert.Equal("web_search_20250305", webSearch.Type);
        Assert.Equal(5, webSearch.Raw!.Value.GetProperty("max_uses").GetInt32());
    }

    [Fact]
    public void Decode_UnknownBlockTypeWhoseFieldsClashWithKnownOnes_IsKeptRawNotRejected()
    {
        // web_search_tool_result's "content" is an object when the search failed: no typed field may judge it.
        const string body = """
            {"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":[
              {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"q"}},
              {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":{"type":"web_search_tool_result_error","error_code":"max_uses_exceeded"}}]}]}
            """;

        var (request, error) = MessagesRequestDecoder.Decode(Encoding.UTF8.GetBytes(body));

        Assert.Null(error);
        var result = request!.Messages![0]!.Content!.Blocks![1]!;
        Assert.Equal("max_uses_exceeded", result.Raw!.Value.GetProperty("content").GetProperty("error_code").GetString());
    }

    [Fact]
    public void DecodeCountTokens_BodyWithoutMaxTokens_IsValid()
    {
        var (request, error) = MessagesRequestDecoder.DecodeCountTokens("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""u8);

        Assert.Null(error);
        Assert.Equal("m", request!.Model);
        Assert.Null(request.MaxTokens);
    }
}
