using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;

namespace Louter.Tests.Conformance;

/// <summary>
/// The XML column: a Qwen3-Coder-style model behind an OpenAI-compatible server writes its tool calls
/// as text (DESIGN §4, XML tool format), and Louter must turn them into real calls.
/// </summary>
internal static class XmlAnswer
{
    /// <summary>The answer as the model writes it: one text with each call as a &lt;tool_call&gt; element, finishing with a plain "stop".</summary>
    public static ChatResponse AsWritten(ChatResponse answer)
    {
        if (!answer.Content.OfType<ToolUseBlock>().Any()) return answer;
        var text = new StringBuilder();
        foreach (var block in answer.Content)
        {
            switch (block)
            {
                case TextBlock t:
                    text.Append(t.Text).Append('\n');
                    break;
                case ToolUseBlock call:
                    text.Append("<tool_call>\n<function=").Append(call.Name).Append(">\n");
                    using (var args = JsonDocument.Parse(call.ArgumentsJson.Length == 0 ? "{}" : call.ArgumentsJson))
                    {
                        foreach (var p in args.RootElement.EnumerateObject())
                        {
                            // The chat template puts each value on lines of its own.
                            var value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
                            text.Append("<parameter=").Append(p.Name).Append(">\n").Append(value).Append("\n</parameter>\n");
                        }
                    }
                    text.Append("</function>\n</tool_call>\n");
                    break;
                default:
                    throw new NotSupportedException("The XML column scripts text and tool calls only.");
            }
        }
        return answer with { Content = [new TextBlock(text.ToString())], StopReason = StopReason.EndTurn };
    }

    /// <summary>What the client must see: real calls, with ids Louter makes up (the model wrote none), and stop reason tool use.</summary>
    public static ChatResponse AsSeen(ChatResponse answer) =>
        answer with { Content = [.. answer.Content.Select(b => b is ToolUseBlock call ? call with { Id = "" } : b)] };
}
