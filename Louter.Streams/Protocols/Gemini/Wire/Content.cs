namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>One turn: <c>role</c> is "user" or "model" (clients also send "tool" / "function" for function responses; absent means user).</summary>
public sealed class Content
{
    public string? Role { get; set; }
    public List<Part>? Parts { get; set; }
}
