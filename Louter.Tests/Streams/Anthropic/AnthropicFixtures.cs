using System.Text;
using Louter.Streams.Pipeline;
using Louter.Streams.Sse;
using Louter.Tests.Support;

namespace Louter.Tests.Streams.Anthropic;

/// <summary>The hand-authored Anthropic fixtures (Fixtures/anthropic/README.md) and small helpers around them.</summary>
internal static class AnthropicFixtures
{
    public const string StreamText = "stream-text.txt";
    public const string StreamToolUse = "stream-tool-use.txt";
    public const string StreamThinking = "stream-thinking.txt";
    public const string StreamRedactedThinking = "stream-redacted-thinking.txt";
    public const string StreamError = "stream-error.txt";
    public const string ResponseText = "response-text.json";
    public const string ResponseToolUse = "response-tool-use.json";
    public const string ResponseThinking = "response-thinking.json";
    public const string RequestFull = "request-full.json";

    public static readonly string[] Streams = [StreamText, StreamToolUse, StreamThinking, StreamRedactedThinking, StreamError];

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "anthropic", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    /// <summary>Reads SSE bytes into events, the bytes handed out in reads of the sizes <paramref name="readSize"/> picks.</summary>
    public static async Task<List<SseEvent>> ReadEventsAsync(byte[] bytes, Func<int>? readSize = null)
    {
        await using var reader = new SseReader(new ChunkedReadStream(bytes, readSize ?? (() => int.MaxValue)));
        var events = new List<SseEvent>();
        while (await reader.ReadAsync(Xunit.TestContext.Current.CancellationToken) is { } ev) events.Add(ev);
        return events;
    }

    public static Exchange Exchange(string body, string requestId = "req_0123456789abcdef01234567") =>
        new(requestId, Encoding.UTF8.GetBytes(body), new RecordingResponseChannel(), 0, CancellationToken.None);
}
