namespace Louter.Streams.Mock;

/// <summary>What the mock model will answer: the text in pieces, why it stops, and the token counts.</summary>
public sealed record MockReply(string Id, long Created, string Model, IReadOnlyList<string> Pieces, string FinishReason, long PromptTokens)
{
    public string Text => string.Concat(Pieces);
    public long CompletionTokens => Pieces.Count;
}
