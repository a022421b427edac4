using System.Text.Json;
using System.Text.RegularExpressions;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.OpenAI.Wire;
using Louter.Streams.Sse;

namespace Louter.Streams.Mock;

/// <summary>
/// Louter's built-in model: it answers with the text of the last user message, split into
/// word-sized pieces (one piece per "token", one streamed chunk per piece), in OpenAI Chat's wire
/// format exactly as OpenAI sends it (role chunk first, empty-delta finish chunk, optional usage
/// chunk with <c>choices: []</c>, then <c>[DONE]</c>). Deterministic, so tests can assert on it.
/// </summary>
public static partial class MockChatResponder
{
    public const string DefaultModel = "louter-mock";

    [GeneratedRegex(@"\S+\s*|\s+")]
    private static partial Regex Words();

    public static MockReply Plan(ChatCompletionRequest request, string id, long created)
    {
        var lastUser = request.Messages?.LastOrDefault(m => m.Role == "user")?.Content?.AllText();
        var text = string.IsNullOrEmpty(lastUser) ? "(no user message)" : lastUser;
        var pieces = Words().Matches(text).Select(m => m.Value).ToList();

        var limit = request.MaxCompletionTokens ?? request.MaxTokens;
        var finish = "stop";
        if (limit is { } max && pieces.Count > max)
        {
            pieces.RemoveRange((int)max, pieces.Count - (int)max);
            finish = "length";
        }

        var promptChars = request.Messages?.Sum(m => m.Content?.AllText().Length ?? 0) ?? 0;
        return new MockReply(id, created, request.Model ?? DefaultModel, pieces, finish, PromptTokens: Math.Max(1, (promptChars + 3) / 4));
    }

    public static ChatUsage Usage(MockReply reply) => new()
    {
        PromptTokens = reply.PromptTokens,
        CompletionTokens = reply.CompletionTokens,
        TotalTokens = reply.PromptTokens + reply.CompletionTokens,
    };

    public static byte[] Completion(MockReply reply) => JsonSerializer.SerializeToUtf8Bytes(new ChatCompletion
    {
        Id = reply.Id,
        Created = reply.Created,
        Model = reply.Model,
        Choices = [new ChatChoice { Index = 0, Message = new ChatMessage { Role = "assistant", Content = new ChatContent { Text = reply.Text } }, FinishReason = reply.FinishReason }],
        Usage = Usage(reply),
        SystemFingerprint = "louter-mock",
    }, OpenAIJson.Writer.ChatCompletion);

    /// <summary>The stream as complete SSE events ("data: …\n\n"), the last one <c>data: [DONE]</c>.</summary>
    public static IReadOnlyList<byte[]> StreamEvents(MockReply reply, bool includeUsage)
    {
        var events = new List<byte[]>(reply.Pieces.Count + 4)
        {
            Event(Chunk(reply, new ChatDelta { Role = "assistant", Content = "" }, null)),
        };
        foreach (var piece in reply.Pieces)
            events.Add(Event(Chunk(reply, new ChatDelta { Content = piece }, null)));
        events.Add(Event(Chunk(reply, new ChatDelta(), reply.FinishReason)));
        if (includeUsage)
        {
            events.Add(Event(new ChatCompletionChunk
            {
                Id = reply.Id, Created = reply.Created, Model = reply.Model, Choices = [], Usage = Usage(reply), SystemFingerprint = "louter-mock",
            }));
        }
        events.Add("data: [DONE]\n\n"u8.ToArray());
        return events;
    }

    private static ChatCompletionChunk Chunk(MockReply reply, ChatDelta delta, string? finish) => new()
    {
        Id = reply.Id,
        Created = reply.Created,
        Model = reply.Model,
        SystemFingerprint = "louter-mock",
        Choices = [new ChatChunkChoice { Index = 0, Delta = delta, FinishReason = finish }],
    };

    private static byte[] Event(ChatCompletionChunk chunk)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(chunk, OpenAIJson.Writer.ChatCompletionChunk);
        return SseFrame.Data(json);
    }
}
