using System.Text;
using System.Text.Json;
using Louter.Streams.Mock;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.OpenAI.Wire;
using Xunit;

namespace Louter.Tests.Streams.Mock;

public sealed class MockChatResponderTests
{
    private static ChatCompletionRequest Request(string json)
    {
        var (request, error) = ChatRequestDecoder.Decode(Encoding.UTF8.GetBytes(json));
        Assert.Null(error);
        return request!;
    }

    private static MockReply Plan(string json) => MockChatResponder.Plan(Request(json), "chatcmpl-test", created: 1_700_000_000);

    private const string Conversation = """
        {"model":"louter-mock","messages":[
          {"role":"system","content":"You are terse."},
          {"role":"user","content":"first question"},
          {"role":"assistant","content":"first answer"},
          {"role":"user","content":"Hello there,  mock world!"}]}
        """;

    [Fact]
    public void Plan_EchoesTheLastUserMessage()
    {
        var reply = Plan(Conversation);

        Assert.Equal("Hello there,  mock world!", reply.Text);
        Assert.Equal("stop", reply.FinishReason);
        Assert.Equal("louter-mock", reply.Model);
    }

    [Fact]
    public void Plan_PiecesAreWordSizedAndConcatenateToTheText()
    {
        var reply = Plan(Conversation);

        Assert.Equal(["Hello ", "there,  ", "mock ", "world!"], reply.Pieces);
        Assert.Equal(4, reply.CompletionTokens);
    }

    [Fact]
    public void Plan_ContentParts_AreJoinedWithNewlines()
    {
        var reply = Plan("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"one"},{"type":"image_url","image_url":{"url":"data:,"}},{"type":"text","text":"two"}]}]}""");

        Assert.Equal("one\ntwo", reply.Text);
    }

    [Fact]
    public void Plan_NoUserMessage_SaysSo()
    {
        var reply = Plan("""{"model":"m","messages":[{"role":"system","content":"s"}]}""");

        Assert.Equal("(no user message)", reply.Text);
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    public void Plan_TokenLimitBelowTheAnswer_TruncatesWithFinishLength(string field)
    {
        var reply = Plan($$"""{"model":"m","{{field}}":2,"messages":[{"role":"user","content":"one two three four"}]}""");

        Assert.Equal("one two ", reply.Text);
        Assert.Equal("length", reply.FinishReason);
        Assert.Equal(2, reply.CompletionTokens);
    }

    [Fact]
    public void Plan_TokenLimitEqualToTheAnswer_StopsNormally()
    {
        var reply = Plan("""{"model":"m","max_tokens":4,"messages":[{"role":"user","content":"one two three four"}]}""");

        Assert.Equal("one two three four", reply.Text);
        Assert.Equal("stop", reply.FinishReason);
    }

    [Fact]
    public void Completion_IsAnOpenAIChatCompletionWithUsage()
    {
        var reply = Plan(Conversation);

        using var doc = JsonDocument.Parse(MockChatResponder.Completion(reply));
        var root = doc.RootElement;

        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("chatcmpl-test", root.GetProperty("id").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Hello there,  mock world!", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(4, usage.GetProperty("completion_tokens").GetInt64());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64() + 4, usage.GetProperty("total_tokens").GetInt64());
    }

    private static List<string> Payloads(IReadOnlyList<byte[]> events)
    {
        var payloads = new List<string>();
        foreach (var ev in events)
        {
            var text = Encoding.UTF8.GetString(ev);
            Assert.StartsWith("data: ", text, StringComparison.Ordinal);
            Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
            payloads.Add(text[6..^2]);
        }
        return payloads;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StreamEvents_FollowOpenAIsChunkSequence(bool includeUsage)
    {
        var reply = Plan(Conversation);

        var payloads = Payloads(MockChatResponder.StreamEvents(reply, includeUsage));

        Assert.Equal("[DONE]", payloads[^1]);
        var chunks = payloads[..^1].Select(p => JsonDocument.Parse(p).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.Equal("chatcmpl-test", c.GetProperty("id").GetString()));

        var first = chunks[0].GetProperty("choices")[0];
        Assert.Equal("assistant", first.GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("", first.GetProperty("delta").GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("finish_reason").ValueKind);

        var contentChunks = chunks.Skip(1).Take(reply.Pieces.Count).ToList();
        Assert.Equal(reply.Pieces, contentChunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));

        var finish = chunks[1 + reply.Pieces.Count].GetProperty("choices")[0];
        Assert.Empty(finish.GetProperty("delta").EnumerateObject());
        Assert.Equal("stop", finish.GetProperty("finish_reason").GetString());

        var usageChunks = chunks.Where(c => c.TryGetProperty("usage", out _)).ToList();
        if (includeUsage)
        {
            var usage = Assert.Single(usageChunks);
            Assert.Equal(usage.GetRawText(), chunks[^1].GetRawText());
            Assert.Empty(usage.GetProperty("choices").EnumerateArray());
            Assert.Equal(reply.Pieces.Count, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
            Assert.Equal(reply.Pieces.Count + 3, chunks.Count);
        }
        else
        {
            Assert.Empty(usageChunks);
            Assert.Equal(reply.Pieces.Count + 2, chunks.Count);
        }
    }
}
