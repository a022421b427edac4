using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini;
using Louter.Tests.Support;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiRequestDecoderTests
{
    public static TheoryData<string, string?, string> InvalidBodies => new()
    {
        { "", "contents", "contents is not specified" },
        { "{}", "contents", "contents is not specified" },
        { """{"contents":[]}""", "contents", "contents is not specified" },
        { "{\"contents\":", null, "Invalid JSON payload received" },
        { """{"contents":{"role":"user"}}""", "contents", "expected an array" },
        { """{"contents":[null]}""", "contents[0]", "expected an object" },
        { """{"contents":[{"role":"system","parts":[{"text":"x"}]}]}""", "contents[0].role", "Please use a valid role: user, model." },
        { """{"contents":[{"role":"user"}]}""", "contents[0].parts", "must not be empty" },
        { """{"contents":[{"role":"user","parts":[]}]}""", "contents[0].parts", "must not be empty" },
        { """{"contents":[{"role":"user","parts":[{}]}]}""", "contents[0].parts[0]", "required oneof field 'data'" },
        { """{"contents":[{"role":"user","parts":[{"text":5}]}]}""", "contents[0].parts[0].text", "expected a string" },
        { """{"contents":[{"role":"user","parts":[{"thought":"yes","text":"x"}]}]}""", "contents[0].parts[0].thought", "expected a boolean" },
        { """{"contents":[{"role":"model","parts":[{"functionCall":{"args":{}}}]}]}""", "contents[0].parts[0].functionCall.name", "Name cannot be empty" },
        { """{"contents":[{"role":"user","parts":[{"functionResponse":{"response":{}}}]}]}""", "contents[0].parts[0].functionResponse.name", "Name cannot be empty" },
        { """{"contents":[{"parts":[{"inlineData":{"data":"AA=="}}]}]}""", "contents[0].parts[0].inlineData.mimeType", "mimeType is not specified" },
        { """{"contents":[{"parts":[{"inline_data":{"mime_type":"image/png"}}]}]}""", "contents[0].parts[0].inlineData.data", "data is not specified" },
        { """{"contents":[{"parts":[{"fileData":{"mimeType":"image/png"}}]}]}""", "contents[0].parts[0].fileData.fileUri", "fileUri is not specified" },
        { """{"contents":[{"parts":[{"text":"x"}]}],"tools":[{"functionDeclarations":[{"description":"d"}]}]}""", "tools[0].functionDeclarations[0].name", "Name cannot be empty" },
        { """{"contents":[{"parts":[{"text":"x"}]}],"toolConfig":{"functionCallingConfig":{"mode":"SOMETIMES"}}}""", "toolConfig.functionCallingConfig.mode", "Supported values are AUTO, ANY, NONE and VALIDATED" },
        { """{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":"hot"}}""", "generationConfig.temperature", "expected a number" },
        { """{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"thinkingConfig":{"thinkingBudget":10,"thinkingLevel":"low"}}}""", "generationConfig.thinkingConfig", "only set one of thinking budget and thinking level" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void Decode_InvalidBody_IsRejectedNamingTheField(string body, string? param, string message)
    {
        var exchange = Exchange(Utf8(body));

        GeminiFrontend.Instance.Decode(exchange);

        Assert.Null(exchange.Request);
        var error = exchange.Error!;
        Assert.Equal(GatewayErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(param, error.Param);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("model")]
    [InlineData("tool")]
    [InlineData("function")]
    [InlineData(null)]
    public void Decode_AcceptedRole_Passes(string? role)
    {
        var roleJson = role is null ? "" : $"\"role\":\"{role}\",";
        Decoded(Utf8($$"""{"contents":[{{{roleJson}}"parts":[{"text":"x"}]}]}"""));
    }

    [Fact]
    public void Decode_ModelAndStreamingComeFromTheUrl()
    {
        var exchange = Exchange(Utf8("""{"contents":[{"parts":[{"text":"x"}]}]}"""), model: "models/gemini-2.5-pro", stream: true, jsonArray: true);

        GeminiFrontend.Instance.Decode(exchange);

        var decoded = Assert.IsType<GeminiDecoded>(exchange.Request);
        Assert.Equal("gemini-2.5-pro", decoded.Model);
        Assert.True(decoded.Stream);
        Assert.True(decoded.JsonArrayStream);
    }

    [Fact]
    public void Decode_NonStreamingUrl_IgnoresTheArrayHint()
    {
        var exchange = Exchange(Utf8("""{"contents":[{"parts":[{"text":"x"}]}]}"""), stream: false, jsonArray: true);

        GeminiFrontend.Instance.Decode(exchange);

        Assert.False(((GeminiDecoded)exchange.Request!).JsonArrayStream);
    }

    [Fact]
    public void Decode_NoModelInTheUrl_IsRejected()
    {
        var exchange = Exchange(Utf8("""{"contents":[{"parts":[{"text":"x"}]}]}"""), model: null);

        GeminiFrontend.Instance.Decode(exchange);

        Assert.Equal("model", exchange.Error!.Param);
    }

    [Theory]
    [InlineData(TextRequest)]
    [InlineData("gemini/streaming/request.json")]
    [InlineData("gemini/streaming_long/request.json")]
    [InlineData(FunctionCallingRequest0)]
    [InlineData(FunctionCallingRequest1)]
    public void Decode_EveryRecordedRequest_IsAccepted(string fixture) => Decoded(Fixtures.Bytes(fixture));
}
