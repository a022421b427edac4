namespace Louter.Streams.Canonical;

/// <summary>One turn of the conversation.</summary>
public sealed record ChatMessage(ChatRole Role, IReadOnlyList<ContentBlock> Content)
{
    public static ChatMessage UserText(string text) => new(ChatRole.User, [new TextBlock(text)]);
}
