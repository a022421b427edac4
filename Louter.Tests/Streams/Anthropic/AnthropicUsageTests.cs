using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Anthropic.Wire;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicUsageTests
{
    [Fact]
    public void ToCanonical_AddsCacheReadsAndWritesToInput()
    {
        var usage = AnthropicUsage.ToCanonical(new MessageUsage { InputTokens = 25, CacheCreationInputTokens = 100, CacheReadInputTokens = 2000, OutputTokens = 15 });

        Assert.Equal(new TokenUsage(2125, 15) { CacheRead = 2000, CacheWrite = 100 }, usage);
        Assert.Equal(2140, usage.Total);
    }

    [Fact]
    public void ToCanonical_MissingFields_CountAsZero()
    {
        Assert.Equal(new TokenUsage(0, 4), AnthropicUsage.ToCanonical(new MessageUsage { OutputTokens = 4 }));
    }

    [Fact]
    public void FromCanonical_TakesCacheTokensOutOfInputTokens()
    {
        var wire = AnthropicUsage.FromCanonical(new TokenUsage(2125, 15) { CacheRead = 2000, CacheWrite = 100 });

        Assert.Equal((25L, 100L, 2000L, 15L), (wire.InputTokens, wire.CacheCreationInputTokens, wire.CacheReadInputTokens, wire.OutputTokens));
    }

    [Fact]
    public void FromCanonical_CacheLargerThanInput_GivesZeroNotANegativeCount()
    {
        Assert.Equal(0, AnthropicUsage.FromCanonical(new TokenUsage(10, 1) { CacheRead = 30 }).InputTokens);
    }

    [Fact]
    public void RoundTrip_CanonicalToAnthropicAndBack_IsExact()
    {
        var canonical = new TokenUsage(5000, 321) { CacheRead = 3000, CacheWrite = 1500 };

        Assert.Equal(canonical, AnthropicUsage.ToCanonical(AnthropicUsage.FromCanonical(canonical)));
    }

    [Fact]
    public void Merge_LaterTotalsReplaceEarlierOnes_AndOmittedFieldsKeepTheirValue()
    {
        var start = new MessageUsage { InputTokens = 25, CacheReadInputTokens = 2000, OutputTokens = 1 };

        var merged = AnthropicUsage.Merge(start, new MessageUsage { OutputTokens = 15 });

        Assert.Equal((25L, (long?)null, 2000L, 15L), (merged.InputTokens, merged.CacheCreationInputTokens, merged.CacheReadInputTokens, merged.OutputTokens));
        Assert.Equal(40, AnthropicUsage.Merge(merged, new MessageUsage { InputTokens = 40, OutputTokens = 15 }).InputTokens);
    }
}
