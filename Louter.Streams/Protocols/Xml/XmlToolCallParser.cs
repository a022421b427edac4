using System.Text;

namespace Louter.Streams.Protocols.Xml;

/// <summary>
/// Reads Qwen3-Coder style tool calls out of a model's text as it streams in:
/// <code>
/// &lt;tool_call&gt;
/// &lt;function=get_weather&gt;
/// &lt;parameter=city&gt;
/// Paris
/// &lt;/parameter&gt;
/// &lt;/function&gt;
/// &lt;/tool_call&gt;
/// </code>
/// Feed it fragments of any size (a tag may be split anywhere); it appends <see cref="XmlParsedItem"/>s
/// as soon as they are decided. Text is held back only while its end could still become
/// <c>&lt;tool_call&gt;</c>. Inside a block only the exact closing tags end things: a value runs to the
/// first <c>&lt;/parameter&gt;</c>, so it may span lines and contain <c>&lt;</c>, <c>&lt;div&gt;</c> or
/// <c>&lt;/parameter</c> followed by anything but <c>&gt;</c>. A value that never closes leaves the block
/// unterminated; at <see cref="Finish"/> it comes back as <see cref="XmlParsedItem.Unparsed"/>.
/// One instance per text stream; after <see cref="Finish"/> it starts over.
/// </summary>
public sealed partial class XmlToolCallParser
{
    private enum State
    {
        /// <summary>Outside any block: looking for &lt;tool_call&gt;.</summary>
        Text,
        /// <summary>After &lt;tool_call&gt;: whitespace, then &lt;function=.</summary>
        BeforeFunction,
        /// <summary>After &lt;function=: the name up to '&gt;'.</summary>
        FunctionName,
        /// <summary>Whitespace, then &lt;parameter= or &lt;/function&gt;.</summary>
        BeforeParameter,
        /// <summary>After &lt;parameter=: the name up to '&gt;'.</summary>
        ParameterName,
        /// <summary>A value, up to the first exact &lt;/parameter&gt;.</summary>
        Value,
        /// <summary>After &lt;/function&gt;: whitespace, then &lt;/tool_call&gt;.</summary>
        AfterFunction,
        /// <summary>The block cannot be read: keep its text up to &lt;/tool_call&gt; and give it back whole.</summary>
        Malformed,
    }

    private State _state = State.Text;

    /// <summary>Input not yet decided: a possible partial tag, or a name still waiting for its '&gt;'.</summary>
    private string _pending = "";

    /// <summary>The exact text of the current block so far, to give back if it cannot be read.</summary>
    private readonly StringBuilder _raw = new();

    private readonly StringBuilder _value = new();
    private readonly List<(string Name, string Value)> _parameters = [];
    private string _functionName = "";
    private string _parameterName = "";
    private string _malformedReason = "";

    /// <summary>Reads one more fragment of the text and appends whatever is now decided.</summary>
    public void Feed(string fragment, List<XmlParsedItem> output)
    {
        _pending += fragment;
        while (Step(output))
        {
        }
    }

    /// <summary>
    /// The text has ended: appends what was held back — a partial tag as text, or an open block as
    /// <see cref="XmlParsedItem.Unparsed"/> with its exact original text — and resets the parser.
    /// </summary>
    public void Finish(List<XmlParsedItem> output)
    {
        if (_state == State.Text)
        {
            EmitText(_pending, output);
        }
        else
        {
            var reason = _state == State.Malformed
                ? $"{_malformedReason}, and the text ended before {XmlTags.ToolCallClose}"
                : $"the text ended inside a {XmlTags.ToolCallOpen} block";
            output.Add(new XmlParsedItem.Unparsed(_raw.Append(_pending).ToString(), reason));
        }

        _pending = "";
        ResetBlock();
    }

    /// <summary>Advances one state; false when it needs more input.</summary>
    private bool Step(List<XmlParsedItem> output) => _state switch
    {
        State.Text => StepText(output),
        State.BeforeFunction => ExpectTag(XmlTags.FunctionOpen, State.FunctionName, null, default),
        State.FunctionName => ReadName(isFunction: true),
        State.BeforeParameter => ExpectTag(XmlTags.ParameterOpen, State.ParameterName, XmlTags.FunctionClose, State.AfterFunction),
        State.ParameterName => ReadName(isFunction: false),
        State.Value => StepValue(),
        State.AfterFunction => StepAfterFunction(output),
        State.Malformed => StepMalformed(output),
        _ => throw new InvalidOperationException($"Unknown parser state {_state}."),
    };

    private bool StepText(List<XmlParsedItem> output)
    {
        var open = _pending.IndexOf(XmlTags.ToolCallOpen, StringComparison.Ordinal);
        if (open >= 0)
        {
            EmitText(_pending[..open], output);
            _raw.Append(XmlTags.ToolCallOpen);
            Consume(open + XmlTags.ToolCallOpen.Length);
            _state = State.BeforeFunction;
            return true;
        }

        var held = XmlTags.PartialSuffixLength(_pending, XmlTags.ToolCallOpen);
        EmitText(_pending[..^held], output);
        _pending = _pending[^held..];
        return false;
    }

    private static void EmitText(string text, List<XmlParsedItem> output)
    {
        if (text.Length > 0)
            output.Add(new XmlParsedItem.Text(text));
    }

    private void Consume(int length) => _pending = _pending[length..];

    private void ResetBlock()
    {
        _state = State.Text;
        _raw.Clear();
        _value.Clear();
        _parameters.Clear();
        _functionName = "";
        _parameterName = "";
        _malformedReason = "";
    }
}
