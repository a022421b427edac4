using System.Text;
using Louter.Streams.Canonical;

namespace Louter.Tests.Agents;

/// <summary>One request as the scripted model received it, with what it answered.</summary>
public sealed record AgentUpstreamRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public TurnKind Kind { get; init; }

    /// <summary>The request in canonical form (decoded with Louter's own decoder for the upstream's protocol).</summary>
    public ChatRequest? Canonical { get; init; }

    public bool Stream { get; init; }

    /// <summary>ToolCall: the id of the call it issued (null when the call went out as XML text: Louter mints the id).</summary>
    public string? IssuedCallId { get; init; }

    /// <summary>Final: the tool result it quoted.</summary>
    public ToolResultBlock? ToolResult { get; init; }

    /// <summary>The text (Final) or XML (ToolCall with XML) it answered with.</summary>
    public string? AnswerText { get; init; }

    public string BodyText => Encoding.UTF8.GetString(Body);
}
