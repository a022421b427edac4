using System.Text.Json;
using Louter.Streams.Protocols.Gemini;
using Xunit;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiSchemaTests
{
    private static string Convert(string schema)
    {
        using var doc = JsonDocument.Parse(schema);
        return GeminiSchema.ToJsonSchema(doc.RootElement).GetRawText();
    }

    [Fact]
    public void UpperCaseTypes_BecomeLowerCaseAtEveryDepth() =>
        Assert.Equal(
            """{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}},"n":{"type":"integer"}}}""",
            Convert("""{"type":"OBJECT","properties":{"tags":{"type":"ARRAY","items":{"type":"STRING"}},"n":{"type":"INTEGER"}}}"""));

    [Fact]
    public void Nullable_BecomesATypeUnionWithNull() =>
        Assert.Equal("""{"type":["number","null"],"description":"d"}""", Convert("""{"type":"NUMBER","nullable":true,"description":"d"}"""));

    [Fact]
    public void SnakeCaseKeywords_GetJsonSchemaNames_ButPropertyNamesStayAsWritten() =>
        Assert.Equal(
            """{"type":"object","properties":{"file_path":{"type":"string","maxLength":9},"any_of":{"anyOf":[{"type":"string"},{"type":"boolean"}]}},"minProperties":1}""",
            Convert("""{"type":"OBJECT","properties":{"file_path":{"type":"STRING","max_length":9},"any_of":{"any_of":[{"type":"STRING"},{"type":"BOOLEAN"}]}},"min_properties":1}"""));

    [Fact]
    public void GeminiOnlyHints_AreDropped() =>
        Assert.Equal(
            """{"type":"string","enum":["a","b"]}""",
            Convert("""{"type":"STRING","format":"enum","enum":["a","b"],"propertyOrdering":["x"]}"""));

    [Fact]
    public void StandardKeywords_PassThrough() =>
        Assert.Equal(
            """{"type":"string","format":"date-time","pattern":"^x","example":"x"}""",
            Convert("""{"type":"STRING","format":"date-time","pattern":"^x","example":"x"}"""));

    [Fact]
    public void LowerCaseTypes_LowersOnlyTypeNames_AndReturnsACleanSchemaAsItIs()
    {
        using var upper = JsonDocument.Parse("""{"type":"OBJECT","properties":{"a":{"type":["STRING","NULL"],"default":{"type":"KEEP"}},"b":{"type":"ARRAY","items":{"anyOf":[{"type":"NUMBER"},{"type":"BOOLEAN"}]}}},"$defs":{"d":{"type":"INTEGER","const":"X"}}}""");
        Assert.Equal(
            """{"type":"object","properties":{"a":{"type":["string","null"],"default":{"type":"KEEP"}},"b":{"type":"array","items":{"anyOf":[{"type":"number"},{"type":"boolean"}]}}},"$defs":{"d":{"type":"integer","const":"X"}}}""",
            GeminiSchema.LowerCaseTypes(upper.RootElement).GetRawText());

        using var clean = JsonDocument.Parse("""{"type":"object","properties":{"p":{"type":"string","enum":["OBJECT"]}}}""");
        Assert.Equal(clean.RootElement.GetRawText(), GeminiSchema.LowerCaseTypes(clean.RootElement).GetRawText());
    }
}
