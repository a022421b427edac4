using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicTokenCounterTests
{
    [Fact]
    public void Estimate_Text_IsCharactersOverFourRoundedUpPlusPerMessageOverhead()
    {
        var request = new ChatRequest("m", [ChatMessage.UserText(new string('a', 41))]) { System = [new TextBlock(new string('b', 3))] };

        // ⌈44 / 4⌉ = 11, + 4 for the one message
        Assert.Equal(15, AnthropicTokenCounter.Estimate(request));
    }

    [Fact]
    public void Estimate_ImagesPdfsAndTools_AddTheirFixedCosts()
    {
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement; // 17 characters
        var request = new ChatRequest("m",
        [
            new ChatMessage(ChatRole.User, [new ImageBlock(new MediaSource.Url("https://x/y.png")), new DocumentBlock(new MediaSource.Inline("application/pdf", "JVBER"))]),
        ])
        {
            Tools = [new ToolDefinition("abc") { Description = "d", InputSchema = schema }], // 3 + 1 + 17 = 21 characters
        };

        Assert.Equal(6 + 4 + 1600 + 1500 + 346, AnthropicTokenCounter.Estimate(request));
    }

    [Fact]
    public void Estimate_ToolCallsAndResultsCountTheirText_ThinkingDoesNot()
    {
        var request = new ChatRequest("m",
        [
            new ChatMessage(ChatRole.Assistant, [new ThinkingBlock(new string('t', 400)) { Signature = "s" }, new ToolUseBlock("id", "f", "{}")]), // 1 + 2
            new ChatMessage(ChatRole.User, [new ToolResultBlock("id", [new TextBlock("12345")])]), // 5
        ]);

        Assert.Equal(2 + 8, AnthropicTokenCounter.Estimate(request));
    }

    [Fact]
    public void Estimate_SameRequest_AlwaysGivesTheSameNumber()
    {
        var (wire, error) = MessagesRequestDecoder.Decode(AnthropicFixtures.Bytes(AnthropicFixtures.RequestFull));
        Assert.Null(error);
        var request = AnthropicRequestMapper.ToCanonical(wire!);

        Assert.Equal(AnthropicTokenCounter.Estimate(request), AnthropicTokenCounter.Estimate(request));
        Assert.InRange(AnthropicTokenCounter.Estimate(request), 1000, 10000);
    }
}
