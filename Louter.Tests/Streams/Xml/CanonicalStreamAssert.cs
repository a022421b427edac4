using System.Text;
using Louter.Streams.Canonical;
using Xunit;

namespace Louter.Tests.Streams.Xml;

/// <summary>One output block, folded: its kind, tool id and name, and its deltas joined (per delta kind).</summary>
internal sealed record FoldedBlock(BlockKind Kind, string? ToolId, string? ToolName, string Content, string Signature = "");

/// <summary>Checks the canonical stream grammar and folds a stream into its blocks.</summary>
internal static class CanonicalStreamAssert
{
    /// <summary>
    /// MessageStart first; blocks numbered 0, 1, 2… in order, one open at a time, each delta in the
    /// open block and of a kind that block carries; MessageDelta with no block open; MessageStop last.
    /// </summary>
    public static void Valid(IReadOnlyList<StreamEvent> events)
    {
        Assert.IsType<MessageStart>(events[0]);
        Assert.IsType<MessageStop>(events[^1]);
        (int Index, BlockKind Kind)? open = null;
        var next = 0;
        var sawMessageDelta = false;
        foreach (var e in events.Skip(1).SkipLast(1))
        {
            switch (e)
            {
                case BlockStart start:
                    Assert.False(sawMessageDelta, "a block after MessageDelta");
                    Assert.Null(open);
                    Assert.Equal(next++, start.Index);
                    if (start.Kind == BlockKind.ToolUse)
                        Assert.False(string.IsNullOrEmpty(start.ToolId) || string.IsNullOrEmpty(start.ToolName), "tool block without id or name");
                    open = (start.Index, start.Kind);
                    break;
                case BlockDelta delta:
                    Assert.NotNull(open);
                    Assert.Equal(open.Value.Index, delta.Index);
                    Assert.Contains(delta.Kind, AllowedDeltas(open.Value.Kind));
                    break;
                case BlockStop stop:
                    Assert.NotNull(open);
                    Assert.Equal(open.Value.Index, stop.Index);
                    open = null;
                    break;
                case MessageDelta:
                    Assert.Null(open);
                    sawMessageDelta = true;
                    break;
                default:
                    Assert.Fail($"unexpected {e} inside the stream");
                    break;
            }
        }

        Assert.Null(open);
        Assert.True(sawMessageDelta, "no MessageDelta");
    }

    public static List<FoldedBlock> Blocks(IReadOnlyList<StreamEvent> events)
    {
        var blocks = new List<FoldedBlock>();
        BlockStart? start = null;
        var content = new StringBuilder();
        var signature = new StringBuilder();
        foreach (var e in events)
        {
            switch (e)
            {
                case BlockStart s:
                    start = s;
                    content.Clear();
                    signature.Clear();
                    break;
                case BlockDelta { Kind: DeltaKind.Signature } d:
                    signature.Append(d.Text);
                    break;
                case BlockDelta d:
                    content.Append(d.Text);
                    break;
                case BlockStop when start is not null:
                    blocks.Add(new FoldedBlock(start.Kind, start.ToolId, start.ToolName, content.ToString(), signature.ToString()));
                    start = null;
                    break;
            }
        }

        return blocks;
    }

    private static DeltaKind[] AllowedDeltas(BlockKind kind) => kind switch
    {
        BlockKind.Text => [DeltaKind.Text],
        BlockKind.ToolUse => [DeltaKind.ArgumentsJson],
        BlockKind.Thinking => [DeltaKind.Thinking, DeltaKind.Signature],
        _ => [],
    };
}
