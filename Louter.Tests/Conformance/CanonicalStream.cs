using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;

namespace Louter.Tests.Conformance;

/// <summary>
/// A complete canonical answer ⇄ the canonical stream that carries it. Unfolding cuts text and
/// arguments into small pieces (so wire fragments split JSON mid-token and mid-escape); folding is
/// what a client does with the events it decoded.
/// </summary>
internal static class CanonicalStream
{
    /// <summary>The stream for an answer: usage and stop reason arrive in MessageDelta, as every protocol can carry them there.</summary>
    public static List<StreamEvent> Events(ChatResponse answer, int pieceLength)
    {
        var events = new List<StreamEvent> { new MessageStart(answer.Id, answer.Model) };
        for (var i = 0; i < answer.Content.Count; i++)
        {
            switch (answer.Content[i])
            {
                case TextBlock text:
                    events.Add(new BlockStart(i, BlockKind.Text));
                    events.AddRange(Pieces(text.Text, pieceLength).Select(p => new BlockDelta(i, DeltaKind.Text, p)));
                    break;
                case ThinkingBlock thinking:
                    events.Add(new BlockStart(i, BlockKind.Thinking));
                    events.AddRange(Pieces(thinking.Text, pieceLength).Select(p => new BlockDelta(i, DeltaKind.Thinking, p)));
                    if (thinking.Signature is { } signature) events.Add(new BlockDelta(i, DeltaKind.Signature, signature));
                    break;
                case ToolUseBlock call:
                    events.Add(new BlockStart(i, BlockKind.ToolUse) { ToolId = call.Id, ToolName = call.Name, ThoughtSignature = call.ThoughtSignature });
                    events.AddRange(Pieces(call.ArgumentsJson, pieceLength).Select(p => new BlockDelta(i, DeltaKind.ArgumentsJson, p)));
                    break;
                default:
                    throw new NotSupportedException($"No stream form for {answer.Content[i].GetType().Name} in a scripted answer.");
            }
            events.Add(new BlockStop(i));
        }
        events.Add(new MessageDelta(answer.StopReason) { StopSequence = answer.StopSequence, Usage = answer.Usage });
        events.Add(MessageStop.Instance);
        return events;
    }

    private static IEnumerable<string> Pieces(string text, int length)
    {
        for (var at = 0; at < text.Length; at += length) yield return text.Substring(at, Math.Min(length, text.Length - at));
    }

    /// <summary>A decoded client stream → the answer it adds up to, or the in-stream error that ended it.</summary>
    public static (ChatResponse? Answer, GatewayError? Error) Fold(IReadOnlyList<StreamEvent> events)
    {
        string id = "", model = "";
        var blocks = new SortedDictionary<int, (BlockStart Start, StringBuilder Text, StringBuilder Signature)>();
        MessageDelta? end = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case MessageStart start:
                    (id, model) = (start.Id, start.Model);
                    break;
                case BlockStart start:
                    blocks[start.Index] = (start, new StringBuilder(), new StringBuilder());
                    break;
                case BlockDelta { Kind: DeltaKind.Signature } delta:
                    blocks[delta.Index].Signature.Append(delta.Text);
                    break;
                case BlockDelta delta:
                    blocks[delta.Index].Text.Append(delta.Text);
                    break;
                case MessageDelta delta:
                    end = delta;
                    break;
                case StreamError error:
                    return (null, error.Error);
            }
        }

        var content = blocks.Values.Select(b => b.Start.Kind switch
        {
            BlockKind.Text => new TextBlock(b.Text.ToString()),
            BlockKind.Thinking => new ThinkingBlock(b.Text.ToString()) { Signature = b.Signature.Length == 0 ? null : b.Signature.ToString() },
            BlockKind.ToolUse => new ToolUseBlock(b.Start.ToolId ?? "", b.Start.ToolName ?? "", b.Text.ToString()) { ThoughtSignature = b.Start.ThoughtSignature },
            _ => (ContentBlock)b.Start.Opaque!,
        }).ToList();
        if (end is null) throw new InvalidOperationException("The client's stream ended without a MessageDelta or an error.");
        return (new ChatResponse(id, model, content, end.StopReason) { StopSequence = end.StopSequence, Usage = end.Usage, RawStopReason = end.RawStopReason }, null);
    }
}
