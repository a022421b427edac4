using Louter.Streams.Canonical;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// A typical agent answer as canonical events: a sentence streamed in 48 small text deltas (what
/// token-by-token upstreams send), then one tool call whose arguments arrive in 8 fragments, then
/// stop reason and usage — 64 events.
/// </summary>
internal static class CanonicalStream
{
    public static StreamEvent[] AgentAnswer()
    {
        var events = new List<StreamEvent> { new MessageStart("msg_bench_01", "bench-model") { Usage = new TokenUsage(1250, 1) } };
        events.Add(new BlockStart(0, BlockKind.Text));
        string[] words = ["I'll", " read", " the", " file", " first", " so", " the", " change", " stays", " small", ",", " then"];
        for (var i = 0; i < 48; i++) events.Add(new BlockDelta(0, DeltaKind.Text, words[i % words.Length]));
        events.Add(new BlockStop(0));
        events.Add(new BlockStart(1, BlockKind.ToolUse) { ToolId = "call_Xq2bP7kLm3Nv8TzR1wYc", ToolName = "read_file" });
        string[] args = ["{\"pa", "th\":\"Lou", "ter.Streams/Rou", "ting/Router.cs\"", ",\"start_", "line\":40,", "\"end_line\"", ":90}"];
        foreach (var fragment in args) events.Add(new BlockDelta(1, DeltaKind.ArgumentsJson, fragment));
        events.Add(new BlockStop(1));
        events.Add(new MessageDelta(StopReason.ToolUse) { RawStopReason = "tool_use", Usage = new TokenUsage(1250, 96) });
        events.Add(MessageStop.Instance);
        return [.. events];
    }
}
