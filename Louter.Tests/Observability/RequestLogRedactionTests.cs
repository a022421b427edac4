using System.Buffers;
using System.Text;
using System.Text.Json;
using Louter.Host.Observability.RequestLog;
using Xunit;

namespace Louter.Tests.Observability;

/// <summary>Nothing that grants access reaches the request log: auth headers, Bearer tokens, sk-… keys, key-like JSON properties.</summary>
public sealed class RequestLogRedactionTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("x-api-key")]
    [InlineData("api-key")]
    [InlineData("x-goog-api-key")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Cookie")]
    [InlineData("x-custom-token")]
    public void RedactHeader_AuthHeaders_LoseTheirWholeValue(string name)
    {
        Assert.Equal(Redactor.Redacted, Redactor.RedactHeader(name, "whatever-value-123"));
    }

    [Fact]
    public void RedactHeader_OtherHeaders_KeepTheirValueButNotKeysInsideIt()
    {
        Assert.Equal("application/json", Redactor.RedactHeader("content-type", "application/json"));
        Assert.Equal("client sk-[redacted]", Redactor.RedactHeader("user-agent", "client sk-proj-abcdef0123456789"));
    }

    [Theory]
    [InlineData("Bearer sk-abcdefghijklmnop", "Bearer [redacted]")]
    [InlineData("auth: bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "auth: bearer [redacted]")]
    [InlineData("key sk-ant-api03-abcdefghijkl here", "key sk-[redacted] here")]
    [InlineData("https://x/v1beta/models/g:generateContent?key=AIzaSyA-secret&alt=sse", "https://x/v1beta/models/g:generateContent?key=[redacted]&alt=sse")]
    [InlineData("AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", "[redacted]")]
    [InlineData("no secrets here: sk-short", "no secrets here: sk-short")]
    public void RedactText_KeyLikeStrings_AreReplaced(string text, string expected)
    {
        Assert.Equal(expected, Redactor.RedactText(text));
    }

    [Fact]
    public void RedactText_KeyLikeJsonProperties_LoseTheirValueAndTheBodyStaysJson()
    {
        var body = """{"model":"m","api_key":"plain-secret","nested":{"x-api-key":"k2","Password":"p\"w","access_token":"t"},"max_tokens":5,"tokens":"keep"}""";

        var redacted = Redactor.RedactText(body);

        using var doc = JsonDocument.Parse(redacted);
        Assert.Equal("[redacted]", doc.RootElement.GetProperty("api_key").GetString());
        Assert.Equal("[redacted]", doc.RootElement.GetProperty("nested").GetProperty("x-api-key").GetString());
        Assert.Equal("[redacted]", doc.RootElement.GetProperty("nested").GetProperty("Password").GetString());
        Assert.Equal("[redacted]", doc.RootElement.GetProperty("nested").GetProperty("access_token").GetString());
        Assert.Equal(5, doc.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.Equal("keep", doc.RootElement.GetProperty("tokens").GetString());
        Assert.DoesNotContain("plain-secret", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_CapturedHeadersAndBodies_AreRedacted()
    {
        var entry = RequestLogTestData.Entry() with
        {
            RequestHeaders = [new("Authorization", "Bearer sk-live-0123456789abcdef"), new("x-api-key", "k"), new("Content-Type", "application/json")],
            RequestBody = Encoding.UTF8.GetBytes("""{"model":"m","api_key":"sk-live-0123456789abcdef","messages":[{"role":"user","content":"my key is sk-live-0123456789abcdef"}]}"""),
            ResponseBody = Encoding.UTF8.GetBytes("data: {\"x\":\"Bearer abcdefgh\"}\n\n"),
        };

        var line = RequestLogTestData.Serialize(entry);

        Assert.DoesNotContain("0123456789abcdef", line, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(line);
        var headers = doc.RootElement.GetProperty("request_headers");
        Assert.Equal("[redacted]", headers.GetProperty("authorization").GetString());
        Assert.Equal("[redacted]", headers.GetProperty("x-api-key").GetString());
        Assert.Equal("application/json", headers.GetProperty("content-type").GetString());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("request_body").ValueKind);
        Assert.Equal("data: {\"x\":\"Bearer [redacted]\"}\n\n", doc.RootElement.GetProperty("response_body").GetString());
    }
}

/// <summary>Entries and lines for the request-log tests.</summary>
internal static class RequestLogTestData
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static RequestLogEntry Entry(string id = "req_1", int status = 200) => new()
    {
        Timestamp = Start,
        RequestId = id,
        Frontend = "openai",
        Backend = "cloud",
        Model = "gpt-test",
        BackendModel = "gpt-up",
        Status = status,
        E2eMs = 10,
    };

    public static string Serialize(RequestLogEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, RequestLogSerializer.WriterOptions)) RequestLogSerializer.Write(json, entry);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
