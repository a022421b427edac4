using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Xml;

/// <summary>
/// Earlier turns of a conversation with an XML-format backend, in the form its chat template accepts.
/// </summary>
public static class XmlToolHistory
{
    /// <summary>
    /// Tool-use and tool-result blocks stay structured: OpenAI-compatible servers hosting Qwen-style
    /// models (vLLM, SGLang, llama.cpp) render an assistant's <c>tool_calls</c> and <c>role: "tool"</c>
    /// messages through the model's own chat template, which writes them back as the
    /// <c>&lt;tool_call&gt;</c> XML the model was trained on — writing that XML ourselves would duplicate
    /// the template and drift from it. What the template cannot fix is a client that saw raw XML (a
    /// turn from before Louter converted it, or another gateway) and replays it as assistant text: that
    /// text is converted here into tool-use blocks, so the backend sees every call once, in one form.
    /// New ids follow <see cref="XmlToolCallTransformer.DefaultId"/>, skipping ids the request already uses.
    /// Texts without <c>&lt;tool_call&gt;</c> and all other messages are kept as they are (the same instances).
    /// </summary>
    public static ChatRequest ToTemplateForm(ChatRequest request)
    {
        if (!request.Messages.Any(HasRawCalls))
            return request;

        var used = request.Messages
            .SelectMany(m => m.Content)
            .Select(block => block switch
            {
                ToolUseBlock use => use.Id,
                ToolResultBlock result => result.ToolUseId,
                _ => null,
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var number = 0;

        string NextId()
        {
            string id;
            do
                id = XmlToolCallTransformer.DefaultId(++number);
            while (!used.Add(id));
            return id;
        }

        var messages = request.Messages
            .Select(message => HasRawCalls(message) ? message with { Content = Convert(message.Content, request.Tools, NextId) } : message)
            .ToList();
        return request with { Messages = messages };
    }

    private static bool HasRawCalls(ChatMessage message) =>
        message.Role == ChatRole.Assistant
        && message.Content.Any(block => block is TextBlock text && XmlTextSplitter.MayContainCalls(text.Text));

    private static List<ContentBlock> Convert(IReadOnlyList<ContentBlock> content, IReadOnlyList<ToolDefinition> tools, Func<string> nextId)
    {
        var converted = new List<ContentBlock>();
        foreach (var block in content)
        {
            if (block is TextBlock text && XmlTextSplitter.MayContainCalls(text.Text))
                converted.AddRange(XmlTextSplitter.Split(text.Text, tools, nextId, warnings: null));
            else
                converted.Add(block);
        }

        return converted;
    }
}
