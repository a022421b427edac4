using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Xml;

/// <summary>Writing the parser's items as output blocks, and the text block bookkeeping.</summary>
public sealed partial class XmlToolCallTransformer
{
    private void Drain(List<StreamEvent> output)
    {
        foreach (var item in _items)
        {
            switch (item)
            {
                case XmlParsedItem.Text text:
                    WriteText(text.Value, output);
                    break;
                case XmlParsedItem.Unparsed unparsed:
                    _warnings.Add(unparsed.Reason);
                    WriteText(unparsed.Raw, output);
                    break;
                case XmlParsedItem.ToolCall call:
                    WriteCall(call, output);
                    break;
            }
        }

        _items.Clear();
    }

    private void WriteText(string text, List<StreamEvent> output)
    {
        if (_openText is null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                _heldWhitespace += text;
                return;
            }

            text = _heldWhitespace + text;
            _heldWhitespace = "";
            _afterCall = false;
            _openText = _nextIndex++;
            output.Add(new BlockStart(_openText.Value, BlockKind.Text));
        }

        output.Add(new BlockDelta(_openText.Value, DeltaKind.Text, text));
    }

    private void WriteCall(XmlParsedItem.ToolCall call, List<StreamEvent> output)
    {
        _heldWhitespace = "";
        CloseText(output);

        var index = _nextIndex++;
        var id = _idFor(++ToolCallCount);
        output.Add(new BlockStart(index, BlockKind.ToolUse) { ToolId = id, ToolName = call.Name });
        output.Add(new BlockDelta(index, DeltaKind.ArgumentsJson, XmlTextSplitter.ArgumentsJson(call, _tools)));
        output.Add(new BlockStop(index));
        _afterCall = true;
    }

    /// <summary>
    /// Another block is about to start (or the content ends): the text so far is complete. An open
    /// XML block cannot continue across it, so the parser finishes and gives back what it holds.
    /// </summary>
    private void EndText(List<StreamEvent> output)
    {
        _parser.Finish(_items);
        Drain(output);

        if (_heldWhitespace.Length > 0 && !_afterCall)
        {
            _openText = _nextIndex++;
            output.Add(new BlockStart(_openText.Value, BlockKind.Text));
            output.Add(new BlockDelta(_openText.Value, DeltaKind.Text, _heldWhitespace));
        }

        _heldWhitespace = "";
        _afterCall = false;
        CloseText(output);
    }

    private void EndContent(List<StreamEvent> output)
    {
        if (_contentEnded)
            return;
        EndText(output);
        _contentEnded = true;
    }

    private void CloseText(List<StreamEvent> output)
    {
        if (_openText is null)
            return;
        output.Add(new BlockStop(_openText.Value));
        _openText = null;
    }
}
