using System.Text.Json;
using System.Text.RegularExpressions;
using Louter.Host.Hosting;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// x-request-id: the client's when valid, else Louter's; on every response, whatever answered; and on
/// each JSON log line of the request, in its scope.
/// </summary>
public sealed partial class RequestIdTests : IAsyncLifetime
{
    private readonly JsonLogCapture _logs = new();
    private MockUpstream _upstream = null!;
    private LouterInstance _louter = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _upstream = await MockUpstream.StartAsync();
        _louter = await LouterInstance.StartAsync("[logging]\nlevel = \"info\"\nformat = \"json\"\n\n" + GatewayFixture.Config, _upstream.BaseUrl,
            options: new LouterAppOptions { ConfigureLogging = _logs.Install });
    }

    public async ValueTask DisposeAsync()
    {
        await _louter.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task ValidClientId_IsEchoed_AndTagsTheRequestsJsonLogLines()
    {
        const string id = "client-42_run.7:a";
        using var response = await PostChatAsync("gpt-test", id);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(id, HeaderOf(response));

        // GatewayRuntime's one line per request (event 1): the id in its message and in its scope.
        var line = await _logs.WaitForAsync(l => l.GetProperty("EventId").GetInt32() == 1 && l.GetProperty("Message").GetString()!.StartsWith(id, StringComparison.Ordinal), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(line.ToString());
        Assert.Equal("Louter.Host.Hosting.GatewayRuntime", line.GetProperty("Category").GetString());
        var scope = line.GetProperty("Scopes").EnumerateArray().Single(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var r) && r.GetString() == id);
        Assert.Matches("^[0-9a-f]{32}$", scope.GetProperty("TraceId").GetString());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("quote\"d")]
    [InlineData("semi;colon")]
    [InlineData("slash/ed")]
    [InlineData("")]
    public async Task InvalidClientId_IsReplacedByAGeneratedOne(string id)
    {
        using var response = await PostChatAsync("gpt-test", id);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Matches(Generated(), HeaderOf(response));
    }

    [Fact]
    public async Task TooLongOrRepeatedClientId_IsReplaced()
    {
        using var tooLong = await PostChatAsync("gpt-test", new string('a', RequestIds.MaxLength + 1));
        using var longest = await PostChatAsync("gpt-test", new string('a', RequestIds.MaxLength));
        using var twice = new HttpRequestMessage(HttpMethod.Get, "/health");
        twice.Headers.TryAddWithoutValidation("X-Request-Id", ["one", "two"]);
        using var repeated = await _louter.Http.SendAsync(twice, Ct);

        Assert.Matches(Generated(), HeaderOf(tooLong));
        Assert.Equal(new string('a', RequestIds.MaxLength), HeaderOf(longest));
        Assert.Matches(Generated(), HeaderOf(repeated));
    }

    [Theory]
    [InlineData("/health", 200)]
    [InlineData("/health/ready", 200)]
    [InlineData("/metrics", 200)]
    [InlineData("/v1/models", 200)]
    [InlineData("/admin/backends", 200)]
    [InlineData("/no/such/path", 404)]
    public async Task EveryResponse_CarriesTheId(string path, int status)
    {
        using var generated = await _louter.Http.GetAsync(path, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Request-Id", "probe-1");
        using var echoed = await _louter.Http.SendAsync(request, Ct);

        Assert.Equal(status, (int)generated.StatusCode);
        Assert.Matches(Generated(), HeaderOf(generated));
        Assert.Equal("probe-1", HeaderOf(echoed));
    }

    [Theory]
    [InlineData("gpt-dead")]
    [InlineData("status-503")]
    [InlineData("status-400")]
    public async Task ModelErrors_CarryTheId(string model)
    {
        using var response = await PostChatAsync(model, "err-" + model);

        Assert.True((int)response.StatusCode >= 400, $"{model}: {response.StatusCode}");
        Assert.Equal("err-" + model, HeaderOf(response));
    }

    [Fact]
    public async Task GeneratedIds_DifferPerRequest()
    {
        using var a = await _louter.Http.GetAsync("/health", Ct);
        using var b = await _louter.Http.GetAsync("/health", Ct);

        Assert.NotEqual(HeaderOf(a), HeaderOf(b));
    }

    [Theory]
    [InlineData("req_0123456789abcdef01234567", true)]
    [InlineData("3f2b8c1e-7d4a-4c2b-9e1f-0a1b2c3d4e5f", true)]
    [InlineData("A.b_c:d-e", true)]
    [InlineData("line\nbreak", false)]
    [InlineData("carriage\rreturn", false)]
    [InlineData("tab\t", false)]
    [InlineData("ünïcode", false)]
    [InlineData("", false)]
    public void IsValid_AcceptsSafeTokensOnly(string id, bool valid) => Assert.Equal(valid, RequestIds.IsValid(id));

    [Fact]
    public async Task LogLines_OfARequestWithATraceparent_CarryItsTraceId_WithoutTracingConfigured()
    {
        // ASP.NET Core's per-request Activity is not started at info level: the id comes from the header.
        const string id = "traced-1";
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var response = await PostChatAsync("gpt-test", id, $"00-{traceId}-00f067aa0ba902b7-01");

        Assert.True(response.IsSuccessStatusCode);
        var line = await _logs.WaitForAsync(l => l.GetProperty("EventId").GetInt32() == 1 && l.GetProperty("Message").GetString()!.StartsWith(id, StringComparison.Ordinal), Ct);
        var scope = line.GetProperty("Scopes").EnumerateArray().Single(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestId", out var r) && r.GetString() == id);
        Assert.Equal(traceId, scope.GetProperty("TraceId").GetString());
    }

    private Task<HttpResponseMessage> PostChatAsync(string model, string requestId, string? traceParent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        if (traceParent is not null) request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        return _louter.Http.SendAsync(request, Ct);
    }

    private static string HeaderOf(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("x-request-id"));

    [GeneratedRegex("^req_[0-9a-f]{24}$")]
    private static partial Regex Generated();
}
