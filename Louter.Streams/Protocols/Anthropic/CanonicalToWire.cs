using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>A canonical answer → Anthropic's Message, for an Anthropic client served by another backend. Pure.</summary>
public static class CanonicalToWire
{
    public static MessageResponse Response(ChatResponse r, string requestId)
    {
        var content = new List<WireBlock?>(r.Content.Count);
        foreach (var block in r.Content)
        {
            if (Block(block, requestId, content.Count) is { } wire) content.Add(wire);
        }
        return new MessageResponse
        {
            Id = string.IsNullOrEmpty(r.Id) ? AnthropicIds.Message(requestId) : r.Id,
            Model = r.Model,
            Content = content,
            StopReason = AnthropicStopReasons.FromCanonical(r.StopReason),
            StopSequence = r.StopSequence,
            Usage = AnthropicUsage.FromCanonical(r.Usage ?? new TokenUsage(0, 0)),
        };
    }

    /// <summary>
    /// One answer block, or null for what an Anthropic client cannot receive: media the model made,
    /// and opaque blocks of other providers (only their own provider could use them again).
    /// Reasoning without a signature (from other providers) is still shown as a thinking block; should
    /// the client send it back, <see cref="AnthropicRequestBuilder"/> leaves it out for Anthropic.
    /// </summary>
    public static WireBlock? Block(ContentBlock block, string requestId, int index) => block switch
    {
        TextBlock t => new WireBlock { Type = "text", Text = t.Text },
        ToolUseBlock u => new WireBlock
        {
            Type = "tool_use",
            Id = string.IsNullOrEmpty(u.Id) ? AnthropicIds.ToolUse(requestId, index) : u.Id,
            Name = u.Name,
            Input = AnthropicToolInput.Of(u.ArgumentsJson),
        },
        ThinkingBlock t => new WireBlock { Type = "thinking", Thinking = t.Text, Signature = t.Signature ?? "" },
        OpaqueBlock { Provider: WireToCanonical.Provider } o => WireBlock.OfRaw(o.Payload, o.Kind),
        _ => null,
    };
}
