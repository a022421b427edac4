using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini;
using Louter.Tests.Support;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiTokenCounterTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("Say hello", 3)]
    [InlineData("abcd", 1)]
    [InlineData("abcde", 2)]
    [InlineData("今日の東京", 5)]
    [InlineData("Tokyo 東京", 4)]
    public void Text_OnePerFourAsciiCharactersPlusOnePerOtherCharacter(string text, long tokens) =>
        Assert.Equal(tokens, GeminiTokenCounter.Text(text));

    [Fact]
    public void Estimate_CountsSystemMessagesMediaToolCallsAndDeclarations()
    {
        var request = new ChatRequest("m", [
            new ChatMessage(ChatRole.User, [new TextBlock("abcd"), new ImageBlock(new MediaSource.Inline("image/png", "AA=="))]),
            new ChatMessage(ChatRole.Assistant, [new ToolUseBlock("c", "abcd", "{}")]),
            new ChatMessage(ChatRole.User, [new ToolResultBlock("c", [new TextBlock("abcdefgh")]) { Name = "abcd" }]),
        ])
        {
            System = [new TextBlock("abcd")],
            Tools = [new ToolDefinition("abcd") { Description = "abcd" }],
        };

        // system 1 + text 1 + image 258 + call (1 + 1) + result (1 + 2) + tool (1 + 1)
        Assert.Equal(267, GeminiTokenCounter.Estimate(request));
    }

    [Fact]
    public void Estimate_IsDeterministic_AndNearGeminisCountForTheRecordedPrompt()
    {
        var request = Canonical(Fixtures.Bytes(TextRequest)); // Gemini counted 3 prompt tokens

        Assert.Equal(3, GeminiTokenCounter.Estimate(request));
        Assert.Equal(GeminiTokenCounter.Estimate(request), GeminiTokenCounter.Estimate(Canonical(Fixtures.Bytes(TextRequest))));
    }

    [Fact]
    public void Decode_AcceptsBareContentsOrAWholeGenerateContentRequest()
    {
        var (bare, bareError) = GeminiTokenCounter.Decode(Utf8("""{"contents":[{"parts":[{"text":"abcd"}]}]}"""), "models/gemini-2.5-flash");
        var (whole, wholeError) = GeminiTokenCounter.Decode(Utf8("""
            {"generate_content_request":{"model":"models/gemini-2.5-flash","system_instruction":{"parts":[{"text":"abcd"}]},"contents":[{"parts":[{"text":"abcd"}]}]}}
            """), "gemini-2.5-flash");

        Assert.Null(bareError);
        Assert.Null(wholeError);
        Assert.Equal("gemini-2.5-flash", bare!.Model);
        Assert.Equal(1, GeminiTokenCounter.Estimate(bare));
        Assert.Equal(2, GeminiTokenCounter.Estimate(whole!));
    }

    [Theory]
    [InlineData("", "contents")]
    [InlineData("{}", "contents")]
    [InlineData("""{"contents":[{"role":"robot","parts":[{"text":"x"}]}]}""", "contents[0].role")]
    [InlineData("""{"contents":5}""", "contents")]
    public void Decode_InvalidBody_NamesTheField(string body, string param) =>
        Assert.Equal(param, GeminiTokenCounter.Decode(Utf8(body), "m").Error!.Param);

    [Fact]
    public void Render_IsTotalTokens() =>
        Assert.Equal("""{"totalTokens":42}""", System.Text.Encoding.UTF8.GetString(GeminiTokenCounter.Render(42)));
}
