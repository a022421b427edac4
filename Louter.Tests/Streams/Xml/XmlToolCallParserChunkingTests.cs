using Louter.Streams.Protocols.Xml;
using Xunit;

namespace Louter.Tests.Streams.Xml;

/// <summary>How text is chunked never changes what is parsed, and text is held back only while it could still be a tag.</summary>
public sealed class XmlToolCallParserChunkingTests
{
    private const string Mixed =
        "Compare a < b and <div>.\n<tool_call>\n<function=write_file>\n<parameter=path>\n/tmp/x.html\n</parameter>\n"
        + "<parameter=content>\n<html>\n  </param </parameterized> <tool_call> </tool_call>\n</html>\n\n</parameter>\n</function>\n</tool_call>\n"
        + "Then <tool_ and <tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>"
        + " broken: <tool_call><oops></tool_call> end <tool_call>\n<function=unfinished>\n<parameter=p>\nv";

    public static TheoryData<string> Texts => new() { XmlParse.WeatherExample, Mixed };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Feed_SplitInTwoAtEveryPosition_ParsesTheSameAsUnsplit(string text)
    {
        var expected = XmlParse.Describe(XmlParse.All(text));

        for (var split = 0; split <= text.Length; split++)
            Assert.Equal(expected, XmlParse.Describe(XmlParse.All(text[..split], text[split..])));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Feed_OneCharacterAtATime_ParsesTheSameAsUnsplit(string text)
    {
        var expected = XmlParse.Describe(XmlParse.All(text));

        Assert.Equal(expected, XmlParse.Describe(XmlParse.All([.. text.Select(c => c.ToString())])));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Feed_RandomMultiWaySplits_ParseTheSameAsUnsplit(string text)
    {
        var expected = XmlParse.Describe(XmlParse.All(text));
        var random = new Random(20261127);

        for (var round = 0; round < 500; round++)
        {
            var cuts = Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(0, text.Length + 1)).Append(0).Append(text.Length).Order().ToArray();
            var fragments = cuts.Zip(cuts.Skip(1), (from, to) => text[from..to]).ToArray();

            Assert.Equal(expected, XmlParse.Describe(XmlParse.All(fragments)));
        }
    }

    [Fact]
    public void Parse_MixedText_GivesTheExpectedItems()
    {
        var items = XmlParse.All(Mixed);

        Assert.Equal(
            "text[Compare a < b and <div>.\n] | call[write_file(path=[/tmp/x.html], content=[<html>\n  </param </parameterized> <tool_call> </tool_call>\n</html>\n])]"
            + " | text[\nThen <tool_ and ] | call[get_weather(city=[Paris])] | text[ broken: ] | unparsed[<tool_call><oops></tool_call>] | text[ end ]"
            + " | unparsed[<tool_call>\n<function=unfinished>\n<parameter=p>\nv]",
            XmlParse.Describe(items));
    }

    [Theory]
    [InlineData("abc<to", "abc")]
    [InlineData("abc<", "abc")]
    [InlineData("abc<tool_call", "abc")]
    [InlineData("abc<x", "abc<x")]
    [InlineData("a < b", "a < b")]
    [InlineData("<to<to", "<to")]
    [InlineData("<tool_<", "<tool_")]
    [InlineData("x</tool_call", "x</tool_call")]
    [InlineData("abc\n", "abc\n")]
    public void Feed_HoldsBackOnlyTheSuffixThatCouldStillBecomeToolCallTag(string fragment, string emitted)
    {
        var parser = new XmlToolCallParser();
        var items = new List<XmlParsedItem>();

        parser.Feed(fragment, items);

        Assert.Equal(emitted, string.Concat(items.Cast<XmlParsedItem.Text>().Select(t => t.Value)));
    }

    [Fact]
    public void Feed_HeldSuffixThatTurnsOutNotToBeATag_IsEmittedWithTheNextFragment()
    {
        var parser = new XmlToolCallParser();
        var items = new List<XmlParsedItem>();

        parser.Feed("abc<to", items);
        Assert.Equal("text[abc]", XmlParse.Describe(items));

        parser.Feed("ol_", items);
        Assert.Equal("text[abc]", XmlParse.Describe(items));

        parser.Feed("cal", items);
        Assert.Equal("text[abc]", XmlParse.Describe(items));

        parser.Feed("m is here", items);
        Assert.Equal("text[abc] | text[<tool_calm is here]", XmlParse.Describe(items));
    }

    [Fact]
    public void Feed_CallSplitAtTags_IsEmittedTheMomentItsClosingTagCompletes()
    {
        var parser = new XmlToolCallParser();
        var items = new List<XmlParsedItem>();
        string[] fragments = ["Hi <tool_", "call>\n<func", "tion=f>\n<parameter=", "city>\nPa", "ris\n</param", "eter>\n</function>\n</tool_c", "all>", " after"];
        string[] after =
        [
            "text[Hi ]", "text[Hi ]", "text[Hi ]", "text[Hi ]", "text[Hi ]", "text[Hi ]",
            "text[Hi ] | call[f(city=[Paris])]",
            "text[Hi ] | call[f(city=[Paris])] | text[ after]",
        ];

        for (var i = 0; i < fragments.Length; i++)
        {
            parser.Feed(fragments[i], items);
            Assert.Equal(after[i], XmlParse.Describe(items));
        }
    }

    [Fact]
    public void Feed_LongValueInManyFragments_IsAssembledWhole()
    {
        var value = string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i} < {i + 1}\n"));
        var text = $"<tool_call><function=f><parameter=p>\n{value}\n</parameter></function></tool_call>";
        var fragments = Enumerable.Range(0, (text.Length + 6) / 7).Select(i => text.Substring(i * 7, Math.Min(7, text.Length - (i * 7)))).ToArray();

        var call = Assert.IsType<XmlParsedItem.ToolCall>(Assert.Single(XmlParse.All(fragments)));

        Assert.Equal(value, Assert.Single(call.Parameters).Value);
    }
}
