using Louter.Streams.Protocols.Xml;
using Xunit;

namespace Louter.Tests.Streams.Xml;

public sealed class XmlToolCallParserTests
{
    [Fact]
    public void Parse_QwenExample_YieldsTextThenOneCallWithOrderedRawParameters()
    {
        var items = XmlParse.All(XmlParse.WeatherExample);

        Assert.Equal("text[Let me check.\n] | call[get_weather(city=[Paris], days=[3])]", XmlParse.Describe(items));
    }

    [Fact]
    public void Parse_TextWithoutTags_IsReturnedUnchanged()
    {
        Assert.Equal("text[plain <b>text</b> with a < b and <tool>]", XmlParse.Describe(XmlParse.All("plain <b>text</b> with a < b and <tool>")));
    }

    [Fact]
    public void Parse_ValueSpanningLinesWithAngleBrackets_IsKeptVerbatim()
    {
        const string value = "if (a < b && c > d)\n  return \"<div class='x'>\";\n</param>\n</parameterized> and </parameter >";
        var items = XmlParse.All($"<tool_call><function=write><parameter=code>\n{value}\n</parameter></function></tool_call>");

        var call = Assert.IsType<XmlParsedItem.ToolCall>(Assert.Single(items));
        Assert.Equal(("code", value), Assert.Single(call.Parameters));
    }

    [Theory]
    [InlineData("\n\nx\n\n", "\nx\n")]
    [InlineData("\nx\n", "x")]
    [InlineData("x", "x")]
    [InlineData("\n", "")]
    [InlineData("", "")]
    [InlineData("\r\nx\r\n", "x")]
    [InlineData("  x  ", "  x  ")]
    [InlineData("\n  indented\n\tline\n", "  indented\n\tline")]
    public void Parse_Value_LosesExactlyOneLeadingAndOneTrailingNewline(string written, string expected)
    {
        var items = XmlParse.All($"<tool_call>\n<function=f>\n<parameter=p>{written}</parameter>\n</function>\n</tool_call>");

        var call = Assert.IsType<XmlParsedItem.ToolCall>(Assert.Single(items));
        Assert.Equal(expected, Assert.Single(call.Parameters).Value);
    }

    [Fact]
    public void Parse_FunctionAndParameterNames_AreTrimmed_AndWhitespaceBetweenTagsIgnored()
    {
        var items = XmlParse.All("<tool_call>  \n\t<function= get_time >\n\n  <parameter= zone >\nUTC\n</parameter>  \n</function>\n\n</tool_call>");

        Assert.Equal("call[get_time(zone=[UTC])]", XmlParse.Describe(items));
    }

    [Fact]
    public void Parse_CallWithoutParameters_IsACallWithNoParameters()
    {
        var call = Assert.IsType<XmlParsedItem.ToolCall>(Assert.Single(XmlParse.All("<tool_call>\n<function=now>\n</function>\n</tool_call>")));

        Assert.Equal("now", call.Name);
        Assert.Empty(call.Parameters);
    }

    [Fact]
    public void Parse_SeveralCalls_WithTextBeforeBetweenAndAfter_KeepsEverythingInOrder()
    {
        var items = XmlParse.All(
            "Two lookups.\n<tool_call>\n<function=a>\n<parameter=x>\n1\n</parameter>\n</function>\n</tool_call>\nand then\n"
            + "<tool_call>\n<function=b>\n</function>\n</tool_call><tool_call><function=c><parameter=y>2</parameter></function></tool_call>\nDone.");

        Assert.Equal(
            "text[Two lookups.\n] | call[a(x=[1])] | text[\nand then\n] | call[b()] | call[c(y=[2])] | text[\nDone.]",
            XmlParse.Describe(items));
    }

    [Fact]
    public void Parse_RepeatedParameter_KeepsBothInOrder_ForTheTypingToResolve()
    {
        var items = XmlParse.All("<tool_call><function=f><parameter=a>1</parameter><parameter=a>2</parameter></function></tool_call>");

        Assert.Equal("call[f(a=[1], a=[2])]", XmlParse.Describe(items));
    }

    [Theory]
    [InlineData("Before <tool_call>\n<function=f>\n<parameter=p>\nvalue never closed")]
    [InlineData("Before <tool_call>\n<function=f>\n<parameter=p>\nv\n</parameter>\n</function>\n")]
    [InlineData("Before <tool_call>\n<function=get_wea")]
    [InlineData("Before <tool_call>")]
    [InlineData("Before <tool_call>\n<function=f>\n<parameter=p>\nv\n</param")]
    public void Finish_InsideAnUnterminatedBlock_ReturnsItsExactTextAsUnparsed(string text)
    {
        var items = XmlParse.All(text);

        Assert.Equal(2, items.Count);
        Assert.Equal(new XmlParsedItem.Text("Before "), items[0]);
        var unparsed = Assert.IsType<XmlParsedItem.Unparsed>(items[1]);
        Assert.Equal(text["Before ".Length..], unparsed.Raw);
        Assert.Contains("ended inside", unparsed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n</tool_call>")]
    [InlineData("<tool_call>\n<parameter=p>\nv\n</parameter>\n</tool_call>")]
    [InlineData("<tool_call>\n</tool_call>")]
    [InlineData("<tool_call>\n<function=>\n</function>\n</tool_call>")]
    [InlineData("<tool_call>\n<function=f>\n<parameter=p>\nv\n</parameter>\n</tool_call>")]
    [InlineData("<tool_call>\n<function=f\n<parameter=p>\nv\n</parameter>\n</function>\n</tool_call>")]
    [InlineData("<tool_call>\n<function=f>\n</function>\ntrailing words\n</tool_call>")]
    public void Parse_MalformedBlock_IsReturnedWholeAsUnparsed_AndTextAfterItStillParses(string block)
    {
        var items = XmlParse.All("A ", block, " B <tool_call><function=g></function></tool_call>");

        Assert.Equal(4, items.Count);
        Assert.Equal(new XmlParsedItem.Text("A "), items[0]);
        var unparsed = Assert.IsType<XmlParsedItem.Unparsed>(items[1]);
        Assert.Equal(block, unparsed.Raw);
        Assert.StartsWith("malformed", unparsed.Reason, StringComparison.Ordinal);
        Assert.Equal(new XmlParsedItem.Text(" B "), items[2]);
        Assert.Equal("g", Assert.IsType<XmlParsedItem.ToolCall>(items[3]).Name);
    }

    [Fact]
    public void Finish_ResetsTheParser_SoItCanReadANewText()
    {
        var parser = new XmlToolCallParser();
        var items = new List<XmlParsedItem>();
        parser.Feed("<tool_call><function=f>", items);
        parser.Finish(items);
        items.Clear();

        parser.Feed("<tool_call><function=g></function></tool_call>", items);
        parser.Finish(items);

        Assert.Equal("call[g()]", XmlParse.Describe(items));
    }
}
