using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Protocols.Gemini.Wire;
using Xunit;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiUsageTests
{
    [Fact]
    public void ToCanonical_OutputIncludesThoughts_InputIncludesCachedAndToolUsePrompt()
    {
        var usage = GeminiUsage.ToCanonical(new UsageMetadata
        {
            PromptTokenCount = 100, CachedContentTokenCount = 60, ToolUsePromptTokenCount = 5,
            CandidatesTokenCount = 20, ThoughtsTokenCount = 30, TotalTokenCount = 155,
        });

        Assert.Equal(new TokenUsage(105, 50) { CacheRead = 60, Reasoning = 30 }, usage);
        Assert.Equal(155, usage.Total);
    }

    [Fact]
    public void ToCanonical_MissingCounts_AreZero() =>
        Assert.Equal(new TokenUsage(0, 0), GeminiUsage.ToCanonical(new UsageMetadata()));

    [Fact]
    public void FromCanonical_CandidatesExcludeReasoning_PromptIncludesCache()
    {
        var wire = GeminiUsage.FromCanonical(new TokenUsage(105, 50) { CacheRead = 60, CacheWrite = 7, Reasoning = 30 });

        Assert.Equal((105L, 20L, 30L, 60L, 155L), (wire.PromptTokenCount, wire.CandidatesTokenCount, wire.ThoughtsTokenCount, wire.CachedContentTokenCount, wire.TotalTokenCount));
    }

    [Fact]
    public void FromCanonical_ZeroThoughtsAndCache_AreLeftOut()
    {
        var wire = GeminiUsage.FromCanonical(new TokenUsage(3, 2));

        Assert.Null(wire.ThoughtsTokenCount);
        Assert.Null(wire.CachedContentTokenCount);
    }

    [Fact]
    public void RoundTrip_CanonicalToGeminiAndBack_IsTheIdentity()
    {
        var usage = new TokenUsage(1234, 567) { CacheRead = 1000, Reasoning = 400 };

        Assert.Equal(usage, GeminiUsage.ToCanonical(GeminiUsage.FromCanonical(usage)));
    }
}
