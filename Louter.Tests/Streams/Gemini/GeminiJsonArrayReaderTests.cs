using System.Text;
using Louter.Streams.Protocols.Gemini;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiJsonArrayReaderTests
{
    private static async Task<(List<string> Elements, bool Closed)> ReadAllAsync(string body, Func<int>? sizes = null)
    {
        var elements = new List<string>();
        await using var reader = new GeminiJsonArrayReader(new ChunkedReadStream(Encoding.UTF8.GetBytes(body), sizes ?? (() => int.MaxValue)));
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } element) elements.Add(Encoding.UTF8.GetString(element));
        return (elements, reader.Closed);
    }

    [Fact]
    public async Task PrettyPrintedElements_AreYieldedWhole()
    {
        var (elements, closed) = await ReadAllAsync("[{\n  \"a\": [1, {\"b\": 2}]\n}\n,\r\n{\"c\": \"x\"}\n]");

        Assert.Equal(["{\n  \"a\": [1, {\"b\": 2}]\n}", "{\"c\": \"x\"}"], elements);
        Assert.True(closed);
    }

    [Fact]
    public async Task BracketsAndQuotesInsideStrings_DoNotEndAnElement()
    {
        var (elements, _) = await ReadAllAsync("""[{"t": "a } ] [ { \" \\"}, {"u": "]"}]""");

        Assert.Equal(["""{"t": "a } ] [ { \" \\"}""", """{"u": "]"}"""], elements);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task AnySplitOfTheRecordedArray_YieldsTheSameElement(int seed)
    {
        var body = Encoding.UTF8.GetString(Fixtures.Bytes("gemini/streaming/response-long.txt"));
        var random = new Random(seed);

        var (whole, _) = await ReadAllAsync(body);
        var (split, closed) = await ReadAllAsync(body, () => random.Next(1, 6));

        Assert.Equal(whole, split);
        Assert.Single(split);
        Assert.StartsWith("{", split[0], StringComparison.Ordinal);
        Assert.EndsWith("}", split[0], StringComparison.Ordinal);
        Assert.True(closed);
    }

    [Fact]
    public async Task ElementsAreReturnedBeforeTheArrayEnds()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        await using var reader = new GeminiJsonArrayReader(pipe.Reader.AsStream());
        await pipe.Writer.WriteAsync("[{\"a\":1}"u8.ToArray(), TestContext.Current.CancellationToken);

        var first = await reader.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(first!));
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task EmptyArray_HasNoElements()
    {
        var (elements, closed) = await ReadAllAsync(" [ ] ");

        Assert.Empty(elements);
        Assert.True(closed);
    }

    [Fact]
    public async Task BodyEndingBetweenElements_IsNotClosed()
    {
        var (elements, closed) = await ReadAllAsync("[{\"a\":1},");

        Assert.Single(elements);
        Assert.False(closed);
    }

    [Fact]
    public async Task BodyEndingInsideAnElement_Throws() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync("[{\"a\":"));

    [Fact]
    public async Task BodyThatIsNotAnArray_Throws() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync("{\"a\":1}"));

    [Fact]
    public async Task ElementLargerThanTheLimit_Throws()
    {
        await using var reader = new GeminiJsonArrayReader(new ChunkedReadStream(Encoding.UTF8.GetBytes("[{\"a\":\"" + new string('x', 100) + "\"}]"), () => 10), maxElementBytes: 50);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadAsync(TestContext.Current.CancellationToken));
    }
}
