namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// Gemini's token counts. <see cref="PromptTokenCount"/> includes cached content;
/// <see cref="CandidatesTokenCount"/> does NOT include <see cref="ThoughtsTokenCount"/>
/// (total = prompt + toolUsePrompt + candidates + thoughts). See <see cref="GeminiUsage"/>.
/// </summary>
public sealed class UsageMetadata
{
    public long? PromptTokenCount { get; set; }
    public long? CandidatesTokenCount { get; set; }
    public long? ThoughtsTokenCount { get; set; }
    public long? CachedContentTokenCount { get; set; }
    public long? ToolUsePromptTokenCount { get; set; }
    public long? TotalTokenCount { get; set; }
    public List<ModalityTokenCount>? PromptTokensDetails { get; set; }
    public List<ModalityTokenCount>? CandidatesTokensDetails { get; set; }
    public List<ModalityTokenCount>? CacheTokensDetails { get; set; }
}
