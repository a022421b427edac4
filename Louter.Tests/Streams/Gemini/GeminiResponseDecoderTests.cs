using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini;
using Louter.Tests.Support;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiResponseDecoderTests
{
    [Fact]
    public void RecordedTextResponse_DecodesWithUsageInTheCanonicalConvention()
    {
        var response = new GeminiBackend().DecodeResponse(Fixtures.Bytes(TextResponse));

        Assert.Equal(("FugfaZasF6ra2roP_9i9KQ", "gemini-2.5-flash"), (response.Id, response.Model));
        Assert.Equal("Hello!", Assert.IsType<TextBlock>(Assert.Single(response.Content)).Text);
        Assert.Equal((StopReason.EndTurn, "STOP"), (response.StopReason, response.RawStopReason));
        Assert.Equal(new TokenUsage(3, 19) { Reasoning = 17 }, response.Usage);
    }

    [Fact]
    public void CallsInAResponse_AreToolUseWithIdsAndSignatures()
    {
        var response = GeminiResponseDecoder.Decode(Authored("calls_with_ids_response.json"));

        Assert.Equal("Let me look that up.", Assert.IsType<TextBlock>(response.Content[0]).Text);
        Assert.Equal(new ToolUseBlock("fc-123", "lookup", """{ "q": "louter" }""") { ThoughtSignature = "c2lnLWlkLTE=" }, response.Content[1]);
        Assert.Equal(StopReason.ToolUse, response.StopReason);
    }

    [Fact]
    public void BlockedPrompt_IsAnEmptyContentFilterAnswer()
    {
        var response = GeminiResponseDecoder.Decode(Authored("blocked_prompt.json"));

        Assert.Empty(response.Content);
        Assert.Equal((StopReason.ContentFilter, "SAFETY"), (response.StopReason, response.RawStopReason));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("""{"error":{"code":500,"message":"boom"}}""")]
    public void BodyThatIsNotAnAnswer_IsInvalidData(string body) =>
        Assert.Throws<InvalidDataException>(() => GeminiResponseDecoder.Decode(Utf8(body)));
}
