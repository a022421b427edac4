using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Xml;

/// <summary>
/// Turns tool calls that a backend left as XML text (<c>tool_format = "xml"</c>, Qwen3-Coder style) into
/// real tool-use blocks, over one canonical stream. Text deltas go through <see cref="XmlToolCallParser"/>;
/// everything else passes through. The output is a valid canonical stream of its own: blocks are
/// numbered from 0 in output order (input indexes say nothing about output indexes once text splits
/// around calls), one block is open at a time, and each XML call becomes BlockStart(ToolUse) + one
/// ArgumentsJson delta + BlockStop. Call ids come from the id generator with the call's number, counting
/// from 1 across the whole stream. One instance per stream.
/// </summary>
public sealed partial class XmlToolCallTransformer
{
    private readonly IReadOnlyList<ToolDefinition> _tools;
    private readonly Func<int, string> _idFor;
    private readonly XmlToolCallParser _parser = new();
    private readonly List<XmlParsedItem> _items = [];
    private readonly List<string> _warnings = [];

    /// <summary>Input index of the text block being parsed, while one is open.</summary>
    private int? _inputText;

    /// <summary>Input and output index of the block passing through, while one is open.</summary>
    private (int Input, int Output)? _passing;

    /// <summary>The next output block index: blocks count from 0 in output order.</summary>
    private int _nextIndex;

    /// <summary>Output index of the open text block, if one is open.</summary>
    private int? _openText;

    /// <summary>
    /// Whitespace-only text that would open a block, held until it is known whether real text follows.
    /// The template puts newlines around each &lt;tool_call&gt;; a text block of just "\n" between calls
    /// is noise to every client, and Anthropic rejects it when the history comes back
    /// ("text content blocks must contain non-whitespace text").
    /// </summary>
    private string _heldWhitespace = "";

    /// <summary>The last thing out was an XML call: whitespace now held is the template's, not the model's.</summary>
    private bool _afterCall;

    /// <summary>No content may follow: MessageDelta, MessageStop or StreamError has gone out.</summary>
    private bool _contentEnded;

    public XmlToolCallTransformer(IReadOnlyList<ToolDefinition> tools, Func<int, string>? idFor = null)
    {
        _tools = tools;
        _idFor = idFor ?? DefaultId;
    }

    /// <summary>The default call id: <c>call_xml_1</c>, <c>call_xml_2</c>, ….</summary>
    public static string DefaultId(int callNumber) => $"call_xml_{callNumber}";

    /// <summary>What the caller should log: blocks that could not be read and went out as text.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>How many XML tool calls have gone out so far.</summary>
    public int ToolCallCount { get; private set; }

    /// <summary>Appends the output events for one input event (possibly none).</summary>
    public void Process(StreamEvent streamEvent, List<StreamEvent> output)
    {
        switch (streamEvent)
        {
            case BlockStart { Kind: BlockKind.Text } start:
                _inputText = start.Index;
                break;
            case BlockDelta { Kind: DeltaKind.Text } delta when delta.Index == _inputText:
                _parser.Feed(delta.Text, _items);
                Drain(output);
                break;
            case BlockStop stop when stop.Index == _inputText:
                // The output text block stays open and the parser keeps its carry-over: a following
                // text block continues the same text.
                _inputText = null;
                break;
            case BlockStart start:
                EndText(output);
                _passing = (start.Index, _nextIndex++);
                output.Add(start with { Index = _passing.Value.Output });
                break;
            case BlockDelta delta when delta.Index == _passing?.Input:
                output.Add(delta with { Index = _passing.Value.Output });
                break;
            case BlockStop stop when stop.Index == _passing?.Input:
                output.Add(stop with { Index = _passing.Value.Output });
                _passing = null;
                break;
            case MessageDelta messageDelta:
                EndContent(output);
                output.Add(ToolCallCount > 0 && EndsTurnForTools(messageDelta.StopReason)
                    ? messageDelta with { StopReason = StopReason.ToolUse }
                    : messageDelta);
                break;
            case MessageStop or StreamError:
                // A failed stream ends as it is: what the parser holds (a partial tag or an unfinished
                // call) goes with it, rather than appearing as content just before the error.
                if (streamEvent is MessageStop)
                    EndContent(output);
                _contentEnded = true;
                output.Add(streamEvent);
                break;
            default:
                // MessageStart, and events that match no open block (an upstream grammar error is not ours to hide).
                output.Add(streamEvent);
                break;
        }
    }

    /// <summary>
    /// The input ended. After a MessageStop or StreamError there is nothing to add; a stream that
    /// stopped without one still gets its held-back text and its open text block closed.
    /// </summary>
    public void Complete(List<StreamEvent> output) => EndContent(output);

    /// <summary>
    /// Only a turn the model ended by itself becomes a tool-use turn. MaxTokens, ContentFilter,
    /// Refusal, Pause and ContextWindowExceeded tell the client the answer was cut short (a call cut
    /// off mid-way went out as text); a client told ToolUse would run the earlier calls and never know.
    /// </summary>
    private static bool EndsTurnForTools(StopReason reason) =>
        reason is StopReason.EndTurn or StopReason.StopSequence or StopReason.Other or StopReason.ToolUse;
}
