using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Sse;
using Louter.Tests.Support;

namespace Louter.Tests.Streams.Responses;

/// <summary>The hand-authored Responses fixtures (Fixtures/responses/README.md) and helpers to decode them.</summary>
internal static class ResponsesFixtures
{
    public const string StreamText = "stream-text.txt";
    public const string StreamFunctionCalls = "stream-function-calls.txt";
    public const string StreamReasoning = "stream-reasoning.txt";
    public const string StreamCustomToolCall = "stream-custom-tool-call.txt";
    public const string StreamIncomplete = "stream-incomplete.txt";
    public const string StreamFailed = "stream-failed.txt";
    public const string StreamErrorEvent = "stream-error.txt";
    public const string ResponseText = "response-text.json";
    public const string ResponseToolCalls = "response-tool-calls.json";
    public const string ResponseIncomplete = "response-incomplete.json";
    public const string ResponseRefusal = "response-refusal.json";
    public const string ResponseFailed = "response-failed.json";

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "responses", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    /// <summary>Reads SSE bytes into events, the bytes handed out in reads of the sizes <paramref name="readSize"/> picks.</summary>
    public static async Task<List<SseEvent>> ReadEventsAsync(byte[] bytes, Func<int>? readSize = null)
    {
        await using var reader = new SseReader(new ChunkedReadStream(bytes, readSize ?? (() => int.MaxValue)));
        var events = new List<SseEvent>();
        while (await reader.ReadAsync(Xunit.TestContext.Current.CancellationToken) is { } ev) events.Add(ev);
        return events;
    }

    /// <summary>Events through a fresh decoder, as the graph drives it: every event, then Complete.</summary>
    public static List<StreamEvent> Decode(IEnumerable<SseEvent> events, bool complete = true)
    {
        var decoder = new ResponsesBackend().CreateStreamDecoder();
        var output = new List<StreamEvent>();
        foreach (var ev in events) decoder.Decode(ev, output);
        if (complete) decoder.Complete(output);
        return output;
    }

    public static async Task<List<StreamEvent>> DecodeAsync(string name, Func<int>? readSize = null) =>
        Decode(await ReadEventsAsync(Bytes(name), readSize));

    public static SseEvent Event(string type, string data) => new(type, Encoding.UTF8.GetBytes(data));
}
