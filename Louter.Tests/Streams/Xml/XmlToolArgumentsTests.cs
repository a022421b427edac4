using System.Text.Json;
using Louter.Streams.Protocols.Xml;
using Xunit;

namespace Louter.Tests.Streams.Xml;

public sealed class XmlToolArgumentsTests
{
    private static JsonElement SchemaWith(string propertySchema) =>
        JsonDocument.Parse("""{"type":"object","properties":{"p":""" + propertySchema + "}}").RootElement.Clone();

    [Theory]
    // A string stays a string, verbatim, whatever it looks like.
    [InlineData("""{"type":"string"}""", "42", "\"42\"")]
    [InlineData("""{"type":"string"}""", "true", "\"true\"")]
    [InlineData("""{"type":"string"}""", " padded ", "\" padded \"")]
    [InlineData("""{"type":"string"}""", "{\"a\":1}", "\"{\\\"a\\\":1}\"")]
    // Integers: JSON integer literals only.
    [InlineData("""{"type":"integer"}""", "42", "42")]
    [InlineData("""{"type":"integer"}""", "-7", "-7")]
    [InlineData("""{"type":"integer"}""", " 42\n", "42")]
    [InlineData("""{"type":"integer"}""", "12345678901234567890", "12345678901234567890")]
    [InlineData("""{"type":"integer"}""", "4.5", "\"4.5\"")]
    [InlineData("""{"type":"integer"}""", "4.0", "\"4.0\"")]
    [InlineData("""{"type":"integer"}""", "1e3", "\"1e3\"")]
    [InlineData("""{"type":"integer"}""", "007", "\"007\"")]
    [InlineData("""{"type":"integer"}""", "+5", "\"+5\"")]
    [InlineData("""{"type":"integer"}""", "three", "\"three\"")]
    // Numbers: any JSON number literal, written as given.
    [InlineData("""{"type":"number"}""", "4.5", "4.5")]
    [InlineData("""{"type":"number"}""", "42", "42")]
    [InlineData("""{"type":"number"}""", "-1.50e3", "-1.50e3")]
    [InlineData("""{"type":"number"}""", "1,000", "\"1,000\"")]
    [InlineData("""{"type":"number"}""", ".5", "\".5\"")]
    [InlineData("""{"type":"number"}""", "NaN", "\"NaN\"")]
    // Booleans and null, any case.
    [InlineData("""{"type":"boolean"}""", "true", "true")]
    [InlineData("""{"type":"boolean"}""", "False", "false")]
    [InlineData("""{"type":"boolean"}""", "yes", "\"yes\"")]
    [InlineData("""{"type":"null"}""", "null", "null")]
    [InlineData("""{"type":"null"}""", "NULL", "null")]
    [InlineData("""{"type":"null"}""", "None", "\"None\"")]
    // Objects and arrays: valid JSON of that kind, written compactly.
    [InlineData("""{"type":"object"}""", "{\n  \"a\": 1,\n  \"b\": {\"c\": [true, null]}\n}", """{"a":1,"b":{"c":[true,null]}}""")]
    [InlineData("""{"type":"object"}""", "[1]", "\"[1]\"")]
    [InlineData("""{"type":"object"}""", "{'a': 1}", "\"{'a': 1}\"")]
    [InlineData("""{"type":"object"}""", "{\"a\":", "\"{\\\"a\\\":\"")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "[\"x\", \"y\"]", """["x","y"]""")]
    [InlineData("""{"type":"array"}""", "{}", "\"{}\"")]
    [InlineData("""{"type":"array"}""", "a, b", "\"a, b\"")]
    // Unions: non-string types in the order written, string last.
    [InlineData("""{"type":["integer","null"]}""", "5", "5")]
    [InlineData("""{"type":["integer","null"]}""", "null", "null")]
    [InlineData("""{"type":["integer","null"]}""", "soon", "\"soon\"")]
    [InlineData("""{"type":["string","integer"]}""", "42", "42")]
    [InlineData("""{"type":["string","null"]}""", "Paris", "\"Paris\"")]
    [InlineData("""{"anyOf":[{"type":"integer"},{"type":"boolean"}]}""", "true", "true")]
    [InlineData("""{"anyOf":[{"type":"integer"},{"type":"boolean"}]}""", "8", "8")]
    [InlineData("""{"oneOf":[{"type":"array","items":{}},{"type":"string"}]}""", "[1, 2]", "[1,2]")]
    [InlineData("""{"oneOf":[{"type":"array","items":{}},{"type":"string"}]}""", "[1, 2", "\"[1, 2\"")]
    // A property schema that names no type: the value is read as a JSON literal if it is one.
    [InlineData("""{}""", "42", "42")]
    [InlineData("""{"$ref":"#/$defs/flag"}""", "true", "true")]
    [InlineData("""{"description":"anything"}""", "Paris", "\"Paris\"")]
    // A type name Louter does not know is not guessed at.
    [InlineData("""{"type":"date"}""", "2024", "\"2024\"")]
    public void ToJson_TypesTheValueByTheSchemaPropertyType(string propertySchema, string value, string expectedJson)
    {
        var json = XmlToolArguments.ToJson([("p", value)], SchemaWith(propertySchema));

        Assert.Equal("{\"p\":" + expectedJson + "}", json);
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("[1, \"a\"]", """[1,"a"]""")]
    [InlineData("{\"k\": \"v\"}", """{"k":"v"}""")]
    [InlineData("True", "\"True\"")]
    [InlineData("007", "\"007\"")]
    [InlineData("Paris", "\"Paris\"")]
    [InlineData("\"quoted\"", "\"\\\"quoted\\\"\"")]
    [InlineData("", "\"\"")]
    public void ToJson_WithoutSchema_ReadsExactJsonLiteralsElseKeepsAString(string value, string expectedJson)
    {
        Assert.Equal("{\"p\":" + expectedJson + "}", XmlToolArguments.ToJson([("p", value)], inputSchema: null));
    }

    [Fact]
    public void ToJson_PropertyTheSchemaDoesNotList_IsReadLikeNoSchema()
    {
        var json = XmlToolArguments.ToJson([("p", "42"), ("extra", "42"), ("word", "hello")], SchemaWith("""{"type":"string"}"""));

        Assert.Equal("""{"p":"42","extra":42,"word":"hello"}""", json);
    }

    [Fact]
    public void ToJson_KeepsTheOrderTheModelWrote()
    {
        Assert.Equal("""{"z":1,"a":2,"m":3}""", XmlToolArguments.ToJson([("z", "1"), ("a", "2"), ("m", "3")], inputSchema: null));
    }

    [Fact]
    public void ToJson_RepeatedParameter_LastValueWinsAtItsFirstPosition()
    {
        Assert.Equal("""{"a":3,"b":2}""", XmlToolArguments.ToJson([("a", "1"), ("b", "2"), ("a", "3")], inputSchema: null));
    }

    [Fact]
    public void ToJson_WeatherExample_TypesCityAsStringAndDaysAsInteger()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}""").RootElement;

        Assert.Equal("""{"city":"Paris","days":3}""", XmlToolArguments.ToJson([("city", "Paris"), ("days", "3")], schema));
    }

    [Fact]
    public void ToJson_CodeAndMarkup_IsEscapedOnlyAsJsonRequires()
    {
        var json = XmlToolArguments.ToJson([("p", "<div class='x'>a & b</div>\n\t\"é\" + ✓")], SchemaWith("""{"type":"string"}"""));

        Assert.Equal("{\"p\":\"<div class='x'>a & b</div>\\n\\t\\\"é\\\" + ✓\"}", json);
        Assert.Equal("<div class='x'>a & b</div>\n\t\"é\" + ✓", JsonDocument.Parse(json).RootElement.GetProperty("p").GetString());
    }

    [Fact]
    public void ToJson_NoParameters_IsAnEmptyObject()
    {
        Assert.Equal("{}", XmlToolArguments.ToJson([], inputSchema: null));
    }

    [Theory]
    [InlineData("""{"type":"object"}""")]
    [InlineData("""{"type":"object","properties":"nonsense"}""")]
    [InlineData("""[]""")]
    [InlineData("""true""")]
    public void ToJson_SchemaWithoutUsableProperties_IsReadLikeNoSchema(string schema)
    {
        Assert.Equal("""{"p":42}""", XmlToolArguments.ToJson([("p", "42")], JsonDocument.Parse(schema).RootElement));
    }
}
