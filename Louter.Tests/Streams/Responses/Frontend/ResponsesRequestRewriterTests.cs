using System.Text;
using System.Text.Json;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Protocols.Responses.Wire;
using Xunit;

namespace Louter.Tests.Streams.Responses.Frontend;

/// <summary>The same-protocol fast path: the client's bytes with only routing's changes.</summary>
public sealed class ResponsesRequestRewriterTests
{
    private static string Rewrite(string body, string model, IReadOnlyList<ResponseItem>? conversation = null) =>
        Encoding.UTF8.GetString(ResponsesRequestRewriter.Rewrite(Encoding.UTF8.GetBytes(body), model, conversation));

    private static ResponseItem Item(string json) => JsonSerializer.Deserialize(json, ResponsesJsonContext.Default.ResponseItem)!;

    [Fact]
    public void Rewrite_ReplacesTheModelAndKeepsEverythingElseByteForByte()
    {
        const string body = """{ "input" : [ {"role":"user","content":"h\u00e9"} ], "model": "gpt-5", "x_future": {"n": 1.50, "e": 1E3}, "store":false ,"include":["reasoning.encrypted_content"]}""";

        Assert.Equal(
            """{"input" : [ {"role":"user","content":"h\u00e9"} ],"x_future": {"n": 1.50, "e": 1E3},"store":false,"include":["reasoning.encrypted_content"],"model":"gpt-5-upstream"}""",
            Rewrite(body, "gpt-5-upstream"));
    }

    [Fact]
    public void Rewrite_ModelNameWithCharactersToEscape_IsValidJson()
    {
        var rewritten = Rewrite("""{"model":"m","input":"hi"}""", "org/model \"q\"‘x’");

        Assert.Equal("org/model \"q\"‘x’", JsonDocument.Parse(rewritten).RootElement.GetProperty("model").GetString());
        Assert.EndsWith("\"model\":\"org/model \\\"q\\\"‘x’\"}", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_WithoutAConversation_KeepsInputAndPreviousResponseId()
    {
        const string body = """{"previous_response_id":"resp_1","model":"m","input":[{"type":"function_call_output","call_id":"c","output":"ok"}]}""";

        Assert.Equal("""{"previous_response_id":"resp_1","input":[{"type":"function_call_output","call_id":"c","output":"ok"}],"model":"up"}""", Rewrite(body, "up"));
    }

    [Fact]
    public void Rewrite_WithAConversation_SendsAllItemsAndDropsPreviousResponseId()
    {
        const string body = """{"model":"m","previous_response_id":"resp_1","input":[{"type":"function_call_output","call_id":"c","output":"ok"}],"tools":[{"type":"web_search"}],"stream":true}""";
        List<ResponseItem> conversation =
        [
            Item("""{"type":"message","role":"user","content":"weather ‘now’?"}"""),
            Item("""{"type":"function_call","id":"fc_1","call_id":"c","name":"w","arguments":"{}","status":"completed"}"""),
            Item("""{"type":"function_call_output","call_id":"c","output":"ok"}"""),
        ];

        var rewritten = Rewrite(body, "up", conversation);

        Assert.Equal(
            """{"tools":[{"type":"web_search"}],"stream":true,"model":"up","input":[{"type":"message","role":"user","content":"weather ‘now’?"},{"type":"function_call","id":"fc_1","status":"completed","call_id":"c","name":"w","arguments":"{}"},{"type":"function_call_output","call_id":"c","output":"ok"}]}""",
            rewritten);
    }

    [Fact]
    public void Rewrite_ItemsWithUnknownFields_KeepThemInTheRebuiltInput()
    {
        List<ResponseItem> conversation = [Item("""{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"q"}}""")];

        var rewritten = Rewrite("""{"model":"m","previous_response_id":"r","input":[]}""", "up", conversation);

        Assert.Equal("""{"model":"up","input":[{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"q"}}]}""", rewritten);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    public void Rewrite_NotAnObject_Throws(string body) =>
        Assert.Throws<ArgumentException>(() => Rewrite(body, "m"));
}
