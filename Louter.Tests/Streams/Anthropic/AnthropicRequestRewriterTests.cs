using System.Text;
using System.Text.Json;
using Louter.Streams.Protocols.Anthropic;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicRequestRewriterTests
{
    private static string Rewrite(string body, string model = "claude-upstream")
    {
        var output = Encoding.UTF8.GetString(AnthropicRequestRewriter.Rewrite(Encoding.UTF8.GetBytes(body), model));
        using var _ = JsonDocument.Parse(output); // always valid JSON
        return output;
    }

    [Fact]
    public void Rewrite_ReplacesOnlyTheModel_AndKeepsEveryOtherByte()
    {
        const string body =
            """{"max_tokens":1.0e3,"model":"claude-sonnet-4-5","x_beta":{"nested":[1,{"a":null}],"big":12345678901234567890},"messages":[{"role":"user","content":"caf\u00e9 \ud83d\ude00 \"q\""}],"context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]},"temperature":0.50}""";

        var output = Rewrite(body);

        Assert.Equal(body.Replace("\"model\":\"claude-sonnet-4-5\"", "\"model\":\"claude-upstream\"", StringComparison.Ordinal), output);
    }

    [Fact]
    public void Rewrite_TheFullFixture_ChangesNothingButTheModel()
    {
        var body = AnthropicFixtures.Bytes(AnthropicFixtures.RequestFull);

        var output = AnthropicRequestRewriter.Rewrite(body, "claude-upstream");

        using var before = JsonDocument.Parse(body);
        using var after = JsonDocument.Parse(output);
        Assert.Equal(before.RootElement.EnumerateObject().Select(p => p.Name), after.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var property in before.RootElement.EnumerateObject().Where(p => p.Name != "model"))
            Assert.Equal(property.Value.GetRawText(), after.RootElement.GetProperty(property.Name).GetRawText());
        Assert.Equal("claude-upstream", after.RootElement.GetProperty("model").GetString());
    }

    [Theory]
    [InlineData("claude-3-5-haiku-20241022")]
    [InlineData("us.anthropic.claude-sonnet-4-5-v1:0")]
    [InlineData("quote\"and\\backslash")]
    [InlineData("modèle-日本")]
    public void Rewrite_ModelNeedingEscapes_IsValidJsonWithThatModel(string model)
    {
        var output = Rewrite("""{"model":"m","max_tokens":1,"messages":[]}""", model);

        Assert.Equal(model, JsonDocument.Parse(output).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void Rewrite_BodyWithoutModel_GetsOne()
    {
        Assert.Equal("""{"max_tokens":1,"model":"claude-upstream"}""", Rewrite("""{"max_tokens":1}"""));
    }

    [Fact]
    public void Rewrite_NotAnObject_Throws()
    {
        Assert.Throws<ArgumentException>(() => AnthropicRequestRewriter.Rewrite("[1]"u8, "m"));
    }
}
