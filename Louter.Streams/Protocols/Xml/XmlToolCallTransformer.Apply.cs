using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Xml;

/// <summary>The non-streamed form: the same rules over a complete answer.</summary>
public sealed partial class XmlToolCallTransformer
{
    /// <summary>
    /// <paramref name="response"/> with each text block that holds XML tool calls split into text and
    /// tool-use blocks (ids from <paramref name="idFor"/>, counting from 1 over the whole answer), and the
    /// stop reason ToolUse when a call was found and the model ended the turn itself. Unreadable blocks
    /// stay text and are reported in <paramref name="warnings"/>. An answer without XML comes back as is.
    /// </summary>
    public static ChatResponse Apply(
        ChatResponse response,
        IReadOnlyList<ToolDefinition> tools,
        Func<int, string>? idFor = null,
        ICollection<string>? warnings = null)
    {
        if (!response.Content.Any(block => block is TextBlock text && XmlTextSplitter.MayContainCalls(text.Text)))
            return response;

        idFor ??= DefaultId;
        var calls = 0;
        var content = new List<ContentBlock>();
        foreach (var block in response.Content)
        {
            if (block is TextBlock text && XmlTextSplitter.MayContainCalls(text.Text))
                content.AddRange(XmlTextSplitter.Split(text.Text, tools, () => idFor(++calls), warnings));
            else
                content.Add(block);
        }

        return response with
        {
            Content = content,
            StopReason = calls > 0 && EndsTurnForTools(response.StopReason) ? StopReason.ToolUse : response.StopReason,
        };
    }
}
