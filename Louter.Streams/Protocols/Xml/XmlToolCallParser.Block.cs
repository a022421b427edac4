namespace Louter.Streams.Protocols.Xml;

/// <summary>The states inside a &lt;tool_call&gt; block. Everything consumed here is also kept in <c>_raw</c>.</summary>
public sealed partial class XmlToolCallParser
{
    /// <summary>
    /// Skips whitespace, then expects <paramref name="tag"/> (or <paramref name="otherTag"/>). Waits
    /// while the input so far is the start of one of them; anything else makes the block malformed.
    /// </summary>
    private bool ExpectTag(string tag, State next, string? otherTag, State otherNext)
    {
        var whitespace = 0;
        while (whitespace < _pending.Length && char.IsWhiteSpace(_pending[whitespace]))
            whitespace++;
        TakeRaw(whitespace);

        if (_pending.Length == 0)
            return false;
        if (TryTake(tag))
        {
            _state = next;
            return true;
        }

        if (otherTag is not null && TryTake(otherTag))
        {
            _state = otherNext;
            return true;
        }

        if (IsStartOf(tag) || (otherTag is not null && IsStartOf(otherTag)))
            return false;

        return Malformed(otherTag is null ? $"expected {tag} after {XmlTags.ToolCallOpen}" : $"expected {tag} or {otherTag}");
    }

    /// <summary>The name after &lt;function= or &lt;parameter=, trimmed, up to '&gt;'.</summary>
    private bool ReadName(bool isFunction)
    {
        var end = _pending.IndexOf('>', StringComparison.Ordinal);
        var stray = _pending.IndexOf('<', StringComparison.Ordinal);
        if (stray >= 0 && (end < 0 || stray < end))
            return Malformed("a tag name runs into another tag");
        if (end < 0)
            return false;

        var name = _pending[..end].Trim();
        if (name.Length == 0)
            return Malformed(isFunction ? "empty function name" : "empty parameter name");
        TakeRaw(end + 1);

        if (isFunction)
        {
            _functionName = name;
            _state = State.BeforeParameter;
        }
        else
        {
            _parameterName = name;
            _state = State.Value;
        }

        return true;
    }

    private bool StepValue()
    {
        var close = _pending.IndexOf(XmlTags.ParameterClose, StringComparison.Ordinal);
        if (close < 0)
        {
            // Move all but a possible partial </parameter> out of _pending, so a long value costs linear time.
            var settled = _pending.Length - XmlTags.PartialSuffixLength(_pending, XmlTags.ParameterClose);
            _value.Append(_pending, 0, settled);
            TakeRaw(settled);
            return false;
        }

        _value.Append(_pending, 0, close);
        TakeRaw(close + XmlTags.ParameterClose.Length);
        _parameters.Add((_parameterName, StripTemplateNewlines(_value.ToString())));
        _value.Clear();
        _state = State.BeforeParameter;
        return true;
    }

    private bool StepAfterFunction(List<XmlParsedItem> output)
    {
        if (!ExpectTag(XmlTags.ToolCallClose, State.Text, null, default))
            return false;
        if (_state != State.Text)
            return true; // became malformed: StepMalformed takes it from here

        output.Add(new XmlParsedItem.ToolCall(_functionName, [.. _parameters]));
        ResetBlock();
        return true;
    }

    private bool StepMalformed(List<XmlParsedItem> output)
    {
        var close = _pending.IndexOf(XmlTags.ToolCallClose, StringComparison.Ordinal);
        if (close < 0)
        {
            TakeRaw(_pending.Length - XmlTags.PartialSuffixLength(_pending, XmlTags.ToolCallClose));
            return false;
        }

        TakeRaw(close + XmlTags.ToolCallClose.Length);
        output.Add(new XmlParsedItem.Unparsed(_raw.ToString(), _malformedReason));
        ResetBlock();
        return true;
    }

    private bool Malformed(string reason)
    {
        _malformedReason = $"malformed {XmlTags.ToolCallOpen} block: {reason}";
        _state = State.Malformed;
        return true;
    }

    private bool TryTake(string tag)
    {
        if (!_pending.StartsWith(tag, StringComparison.Ordinal))
            return false;
        TakeRaw(tag.Length);
        return true;
    }

    private bool IsStartOf(string tag) => _pending.Length < tag.Length && tag.StartsWith(_pending, StringComparison.Ordinal);

    private void TakeRaw(int length)
    {
        _raw.Append(_pending, 0, length);
        Consume(length);
    }

    /// <summary>
    /// The chat template writes each value on its own lines (<c>&lt;parameter=k&gt;\nVALUE\n&lt;/parameter&gt;</c>),
    /// so exactly one newline ("\n" or "\r\n") comes off each end; any further whitespace belongs to the value.
    /// </summary>
    internal static string StripTemplateNewlines(string value)
    {
        var span = value.AsSpan();
        if (span.StartsWith("\r\n"))
            span = span[2..];
        else if (span.StartsWith("\n"))
            span = span[1..];

        if (span.EndsWith("\r\n"))
            span = span[..^2];
        else if (span.EndsWith("\n"))
            span = span[..^1];

        return span.ToString();
    }
}
