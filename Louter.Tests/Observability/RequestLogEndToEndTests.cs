using System.Net.Http.Headers;
using System.Text.Json;
using Louter.Host.Cli;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.Observability;

/// <summary>A real Louter with request_log and capture = "full": one line per request, secrets redacted, readable by louter logs.</summary>
public sealed class RequestLogEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Config = GatewayFixture.Config + """

        [logging]
        request_log = "{data_dir}/logs/requests.jsonl"
        capture = "full"
        """;

    private static HttpRequestMessage Chat(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, new MediaTypeHeaderValue("application/json")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.ClientKey);
        request.Headers.Add("x-api-key", "sk-another-client-secret-123");
        return request;
    }

    [Fact]
    public async Task Requests_ThroughARealHost_AreLoggedOneLineEachWithSecretsRedacted()
    {
        await using var upstream = await MockUpstream.StartAsync();
        var louter = await LouterInstance.StartAsync(Config, upstream.BaseUrl);
        var path = Path.Combine(louter.DataDir, "logs", "requests.jsonl");
        try
        {
            using (var ok = await louter.Http.SendAsync(Chat("""{"model":"gpt-test","messages":[{"role":"user","content":"hello there"}],"api_key":"sk-in-the-body-0123456789"}"""), Ct))
                Assert.Equal(200, (int)ok.StatusCode);
            using (var streamed = await louter.Http.SendAsync(Chat("""{"model":"tool-once","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"weather?"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}"""), Ct))
            {
                Assert.Equal(200, (int)streamed.StatusCode);
                await streamed.Content.ReadAsStringAsync(Ct);
            }

            using (var failed = await louter.Http.SendAsync(Chat("""{"model":"status-503","messages":[{"role":"user","content":"x"}]}"""), Ct))
                Assert.Equal(503, (int)failed.StatusCode);
        }
        finally
        {
            // Stopping the host drains the writer's queue into the file.
            await louter.DisposeAsync();
        }

        var text = await File.ReadAllTextAsync(path, Ct);
        Assert.DoesNotContain(GatewayFixture.ClientKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-another-client-secret-123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-in-the-body-0123456789", text, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayFixture.BackendKey, text, StringComparison.Ordinal);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);

        var ok1 = lines.Single(l => l.GetProperty("model").GetString() == "gpt-test");
        Assert.Equal("openai", ok1.GetProperty("frontend").GetString());
        Assert.Equal("mapped", ok1.GetProperty("backend").GetString());
        Assert.Equal("echo-upstream", ok1.GetProperty("backend_model").GetString());
        Assert.False(ok1.GetProperty("stream").GetBoolean());
        Assert.Equal(200, ok1.GetProperty("status").GetInt32());
        Assert.Equal("success", ok1.GetProperty("outcome").GetString());
        Assert.Equal(0, ok1.GetProperty("retries").GetInt32());
        Assert.True(ok1.GetProperty("e2e_ms").GetDouble() >= ok1.GetProperty("ttft_ms").GetDouble());
        Assert.True(ok1.GetProperty("input_tokens").GetInt64() > 0);
        Assert.Equal("127.0.0.1", ok1.GetProperty("client_address").GetString());
        Assert.Equal("[redacted]", ok1.GetProperty("request_headers").GetProperty("authorization").GetString());
        Assert.Equal("[redacted]", ok1.GetProperty("request_headers").GetProperty("x-api-key").GetString());
        Assert.Equal("[redacted]", ok1.GetProperty("request_body").GetProperty("api_key").GetString());
        Assert.Equal("chat.completion", ok1.GetProperty("response_body").GetProperty("object").GetString());

        var streamedLine = lines.Single(l => l.GetProperty("model").GetString() == "tool-once");
        Assert.True(streamedLine.GetProperty("stream").GetBoolean());
        Assert.Equal(7, streamedLine.GetProperty("output_tokens").GetInt64());
        Assert.True(streamedLine.TryGetProperty("ttft_ms", out _));
        Assert.True(streamedLine.TryGetProperty("itl_ms", out _));
        Assert.StartsWith("data: ", streamedLine.GetProperty("response_body").GetString(), StringComparison.Ordinal);

        var error = lines.Single(l => l.GetProperty("model").GetString() == "status-503");
        Assert.Equal(503, error.GetProperty("status").GetInt32());
        Assert.Equal("unavailable", error.GetProperty("error_type").GetString());
        Assert.Equal("overloaded", error.GetProperty("outcome").GetString());

        // The same file through the CLI: the streamed tool call is put back together from its fragments.
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, await LouterCli.RunAsync(["logs", path, "--tools"], stdout, stderr));
        Assert.Contains("  tools: get_weather", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("""  call:  get_weather({"city":"Paris"})""", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("gpt-test", stdout.ToString(), StringComparison.Ordinal);
    }
}
