using System.Text;
using System.Text.Json;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.OpenAI;

public sealed class ChatRequestRewriterTests
{
    private static readonly ChatRewrite ModelOnly = new("upstream-model", ForceIncludeUsage: false, MaxTokensFieldName.MaxTokens);

    private static string Rewrite(string body, in ChatRewrite spec)
    {
        var output = Encoding.UTF8.GetString(ChatRequestRewriter.Rewrite(Encoding.UTF8.GetBytes(body), spec));
        using var _ = JsonDocument.Parse(output); // always valid JSON
        return output;
    }

    [Fact]
    public void Rewrite_ReplacesModel_AndKeepsEveryOtherFieldByteForByte()
    {
        const string body =
            """{"temperature":0.70,"model":"gpt-4o","n":1.0e2,"user":"\u00e9t\u00e9 \"q\"","messages":[{"role":"user","content":"caf\u00e9 \ud83d\ude00"}],"x_vendor":{"nested":[1,{"a":null,"b":[true,false]}],"big":12345678901234567890},"top_p":1E-3}""";

        var output = Rewrite(body, ModelOnly);

        Assert.Equal(body.Replace("\"model\":\"gpt-4o\"", "\"model\":\"upstream-model\"", StringComparison.Ordinal), output);
    }

    [Fact]
    public void Rewrite_PrettyPrintedBody_KeepsEachValuesRawText()
    {
        const string body = """
            {
              "model" : "gpt-4o",
              "messages": [
                { "role": "user", "content": "hi" }
              ],
              "temperature":   0.50
            }
            """;

        var output = Rewrite(body, ModelOnly);

        using var before = JsonDocument.Parse(body);
        using var after = JsonDocument.Parse(output);
        Assert.Equal(["model", "messages", "temperature"], after.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("upstream-model", after.RootElement.GetProperty("model").GetString());
        Assert.Equal(before.RootElement.GetProperty("messages").GetRawText(), after.RootElement.GetProperty("messages").GetRawText());
        Assert.Equal("0.50", after.RootElement.GetProperty("temperature").GetRawText());
    }

    [Theory]
    [InlineData("plain-model")]
    [InlineData("org/model:tag")]
    [InlineData("quote\"and\\backslash")]
    [InlineData("modèle-日本")]
    public void Rewrite_UpstreamModelNeedingEscapes_IsValidJsonWithThatModel(string model)
    {
        var output = Rewrite("""{"model":"x","messages":[]}""", ModelOnly with { UpstreamModel = model });

        using var doc = JsonDocument.Parse(output);
        Assert.Equal(model, doc.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void Rewrite_ModelAlreadyTheUpstreamName_LeavesTheBodyAsItWas()
    {
        const string body = """{ "model" : "upstream-model", "messages": [], "max_tokens": 5 }""";

        Assert.Equal(body, Rewrite(body, ModelOnly));
    }

    [Fact]
    public void Rewrite_ModelEqualOnlyOnceUnescaped_IsKeptAsTheClientWroteIt()
    {
        const string body = """{"model":"upstream\u002dmodel","messages":[]}""";

        Assert.Equal(body, Rewrite(body, ModelOnly));
    }

    [Fact]
    public void Rewrite_PrettyPrintedBodyWithForcedUsage_AddsStreamOptionsBeforeTheClosingBrace()
    {
        const string body = "{\n  \"model\": \"m\",\n  \"stream\": true\n}\n";

        var output = Rewrite(body, ModelOnly with { ForceIncludeUsage = true });

        Assert.Equal("{\n  \"model\": \"upstream-model\",\n  \"stream\": true\n,\"stream_options\":{\"include_usage\":true}}\n", output);
    }

    [Fact]
    public void Rewrite_LargeBody_EveryEditLandsAndTheRestIsUnchanged()
    {
        var filler = string.Join(",", Enumerable.Range(0, 4000).Select(i => $$"""{"role":"user","content":"message {{i}}"}"""));
        var body = $$"""{"max_tokens":9,"messages":[{{filler}}],"model":"m","stream":true}""";

        var output = Rewrite(body, new ChatRewrite("up", ForceIncludeUsage: true, MaxTokensFieldName.MaxCompletionTokens));

        Assert.Equal($$$"""{"max_completion_tokens":9,"messages":[{{{filler}}}],"model":"up","stream":true,"stream_options":{"include_usage":true}}""", output);
    }

    [Fact]
    public void Rewrite_ForceIncludeUsageWithoutStreamOptions_AddsThemAtTheEnd()
    {
        var output = Rewrite("""{"model":"m","stream":true}""", ModelOnly with { ForceIncludeUsage = true });

        Assert.Equal("""{"model":"upstream-model","stream":true,"stream_options":{"include_usage":true}}""", output);
    }

    [Fact]
    public void Rewrite_ForceIncludeUsageOnEmptyObject_AddsStreamOptionsWithoutLeadingComma()
    {
        var output = Rewrite("{}", ModelOnly with { ForceIncludeUsage = true });

        Assert.Equal("""{"stream_options":{"include_usage":true}}""", output);
    }

    [Fact]
    public void Rewrite_ForceIncludeUsageWithOtherStreamOptions_KeepsThemAndForcesIncludeUsage()
    {
        var output = Rewrite(
            """{"model":"m","stream_options":{"continuous_usage_stats":true,"include_usage":false,"x":{"y":1.50}},"stream":true}""",
            ModelOnly with { ForceIncludeUsage = true });

        Assert.Equal(
            """{"model":"upstream-model","stream_options":{"continuous_usage_stats":true,"x":{"y":1.50},"include_usage":true},"stream":true}""",
            output);
    }

    [Theory]
    [InlineData("""{"include_usage":false}""")]
    [InlineData("""{"include_usage":true}""")]
    [InlineData("""{}""")]
    [InlineData("""null""")]
    [InlineData("""[1,2]""")]
    public void Rewrite_ForceIncludeUsage_LeavesExactlyOneIncludeUsageTrue(string streamOptions)
    {
        var output = Rewrite($$"""{"model":"m","stream_options":{{streamOptions}}}""", ModelOnly with { ForceIncludeUsage = true });

        using var doc = JsonDocument.Parse(output);
        var options = doc.RootElement.GetProperty("stream_options");
        Assert.Single(options.EnumerateObject(), p => p.Name == "include_usage");
        Assert.True(options.GetProperty("include_usage").GetBoolean());
        Assert.Single(doc.RootElement.EnumerateObject(), p => p.Name == "stream_options");
    }

    [Fact]
    public void Rewrite_WithoutForceIncludeUsage_LeavesStreamOptionsAlone()
    {
        const string body = """{"model":"m","stream_options":{"include_usage":false}}""";

        var output = Rewrite(body, ModelOnly);

        Assert.Equal("""{"model":"upstream-model","stream_options":{"include_usage":false}}""", output);
    }

    [Fact]
    public void Rewrite_BackendWantsMaxCompletionTokens_RenamesMaxTokensInPlace()
    {
        var output = Rewrite("""{"model":"m","max_tokens":50,"stream":false}""", ModelOnly with { MaxTokensField = MaxTokensFieldName.MaxCompletionTokens });

        Assert.Equal("""{"model":"upstream-model","max_completion_tokens":50,"stream":false}""", output);
    }

    [Fact]
    public void Rewrite_BackendWantsMaxTokens_RenamesMaxCompletionTokensInPlace()
    {
        var output = Rewrite("""{"max_completion_tokens":  7,"model":"m"}""", ModelOnly);

        Assert.Equal("""{"max_tokens":7,"model":"upstream-model"}""", output);
    }

    [Theory]
    [InlineData(MaxTokensFieldName.MaxTokens)]
    [InlineData(MaxTokensFieldName.MaxCompletionTokens)]
    public void Rewrite_BodyAlreadyHasBothNames_RenamesNeither(MaxTokensFieldName field)
    {
        const string body = """{"model":"m","max_tokens":10,"max_completion_tokens":20}""";

        var output = Rewrite(body, ModelOnly with { MaxTokensField = field });

        Assert.Equal("""{"model":"upstream-model","max_tokens":10,"max_completion_tokens":20}""", output);
    }

    [Fact]
    public void Rewrite_MaxTokensNestedInsideAnotherObject_IsNotRenamed()
    {
        const string body = """{"model":"m","metadata":{"max_tokens":"note"}}""";

        var output = Rewrite(body, ModelOnly with { MaxTokensField = MaxTokensFieldName.MaxCompletionTokens });

        Assert.Equal("""{"model":"upstream-model","metadata":{"max_tokens":"note"}}""", output);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    public void Rewrite_BodyNotAnObject_Throws(string body)
    {
        Assert.Throws<ArgumentException>(() => ChatRequestRewriter.Rewrite(Encoding.UTF8.GetBytes(body), ModelOnly));
    }

    [Fact]
    public void Rewrite_RecordedStreamingRequest_ChangesOnlyWhatRoutingRequires()
    {
        var body = Fixtures.Bytes(Fixtures.OpenAIStreamingRequest);

        var output = ChatRequestRewriter.Rewrite(body, new ChatRewrite("gpt-4o-mini-2024-07-18", ForceIncludeUsage: true, MaxTokensFieldName.MaxCompletionTokens));

        using var before = JsonDocument.Parse(body);
        using var after = JsonDocument.Parse(output);
        var root = after.RootElement;
        Assert.Equal(["model", "messages", "stream", "max_completion_tokens", "stream_options"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("gpt-4o-mini-2024-07-18", root.GetProperty("model").GetString());
        Assert.Equal(before.RootElement.GetProperty("messages").GetRawText(), root.GetProperty("messages").GetRawText());
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal(50, root.GetProperty("max_completion_tokens").GetInt32());
        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }
}
