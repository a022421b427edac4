using System.Text;
using Louter.Streams.Classification;
using Xunit;

namespace Louter.Tests.Streams.Classification;

public sealed class InputTokenEstimatorTests
{
    [Fact]
    public void Estimate_Text_IsAboutFourBytesPerToken()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"hello there, how are you today?"}]}""");

        Assert.Equal((body.Length + 3) / 4, InputTokenEstimator.Estimate(body));
    }

    [Fact]
    public void Estimate_InlineImage_CountsAsOneMediaPartNotItsSize()
    {
        var image = Convert.ToBase64String(Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray());
        var body = Encoding.UTF8.GetBytes($$$"""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{image}}}"}}]}]}""");

        var estimate = InputTokenEstimator.Estimate(body);

        Assert.InRange(estimate, InputTokenEstimator.TokensPerMediaPart, InputTokenEstimator.TokensPerMediaPart + 100);
    }

    [Fact]
    public void Estimate_Empty_IsZero() => Assert.Equal(0, InputTokenEstimator.Estimate([]));
}
