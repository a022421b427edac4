using System.Net;
using System.Net.Sockets;
using System.Text;
using Louter.Host.Diagnostics;
using Louter.Streams.Backends;
using Louter.Streams.Routing;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>Backend diagnostics: the probes against real loopback upstreams, the CLI verb and the admin endpoint.</summary>
public sealed class DiagnosticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BackendDescriptor OpenAI(string name, Uri url, string upstreamModel, params string[] capabilities) => new()
    {
        Name = name,
        BaseUrl = url,
        ApiKey = "sk-diag-secret",
        ModelMapping = new Dictionary<string, string> { ["m"] = upstreamModel },
        Capabilities = capabilities,
    };

    private static async Task<BackendDiagnosis> DiagnoseAsync(BackendDescriptor backend, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        using var transports = new BackendTransports(TimeProvider.System, handler);
        var diagnostics = new BackendDiagnostics(transports, TimeProvider.System);
        return await diagnostics.DiagnoseAsync(backend, new DiagnosticsOptions { Timeout = timeout ?? TimeSpan.FromSeconds(20) }, Ct);
    }

    private static ProbeResult Probe(BackendDiagnosis diagnosis, ProbeKind kind) => diagnosis.Probes.Single(p => p.Probe == kind);

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task HealthyUpstream_EveryProbeSupported_InItsWireFormat_NoWarnings()
    {
        await using var upstream = await MockUpstream.StartAsync();

        var diagnosis = await DiagnoseAsync(OpenAI("healthy", upstream.BaseUrl, "tool-once"));

        Assert.All(diagnosis.Probes, p => Assert.True(p.Status == ProbeStatus.Supported, $"{p.Probe}: {p.Status} {p.Detail}"));
        Assert.Equal([ProbeKind.Text, ProbeKind.Vision, ProbeKind.Tools, ProbeKind.Streaming], diagnosis.Probes.Select(p => p.Probe));
        Assert.Empty(diagnosis.Warnings);
        Assert.True(diagnosis.AnsweredText);
        Assert.NotNull(Probe(diagnosis, ProbeKind.Streaming).FirstEventMs);

        var bodies = upstream.Requests.Select(r => Encoding.UTF8.GetString(r.Body)).ToList();
        Assert.Equal(4, bodies.Count);
        Assert.Contains(bodies, b => b.Contains("data:image/png;base64,iVBORw0KGgo", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.Contains("\"tool_choice\":\"required\"", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.Contains("\"stream\":true", StringComparison.Ordinal));
        Assert.All(upstream.Requests, r => Assert.Equal("Bearer sk-diag-secret", r.Headers["authorization"]));
    }

    [Fact]
    public async Task RefusedConnection_TextFailsWithConnectionRefused_OtherProbesSkipped()
    {
        var diagnosis = await DiagnoseAsync(OpenAI("dead", new Uri($"http://127.0.0.1:{ClosedPort()}/v1"), "gpt-x"));

        var text = Probe(diagnosis, ProbeKind.Text);
        Assert.Equal(ProbeStatus.Failed, text.Status);
        Assert.Equal("connection refused", text.Detail);
        Assert.All(diagnosis.Probes, p => Assert.Equal(ProbeStatus.Failed, p.Status));
        Assert.All(diagnosis.Probes.Skip(1), p => Assert.StartsWith("skipped: the text probe failed (connection refused)", p.Detail, StringComparison.Ordinal));
        Assert.False(diagnosis.AnsweredText);
        Assert.Empty(diagnosis.Warnings);
    }

    [Fact]
    public async Task SilentUpstream_FailsAfterTheTimeout()
    {
        await using var upstream = await MockUpstream.StartAsync();

        var diagnosis = await DiagnoseAsync(OpenAI("silent", upstream.BaseUrl, "hang"), TimeSpan.FromMilliseconds(300));

        var text = Probe(diagnosis, ProbeKind.Text);
        Assert.Equal(ProbeStatus.Failed, text.Status);
        Assert.Equal("timed out: no complete answer within 300ms", text.Detail);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task ServerError_IsFailed_AndARefusalOfEverythingIsNotCalledUnsupported()
    {
        await using var upstream = await MockUpstream.StartAsync();

        var broken = await DiagnoseAsync(OpenAI("broken", upstream.BaseUrl, "status-500"));
        var refusing = await DiagnoseAsync(OpenAI("refusing", upstream.BaseUrl, "status-400"));

        Assert.All(broken.Probes, p => Assert.Equal(ProbeStatus.Failed, p.Status));
        Assert.StartsWith("HTTP 500", Probe(broken, ProbeKind.Text).Detail, StringComparison.Ordinal);
        Assert.Equal(500, Probe(broken, ProbeKind.Vision).HttpStatus);
        // Text refused too: the 400s say "bad request", not "no images here".
        Assert.All(refusing.Probes, p => Assert.Equal(ProbeStatus.Failed, p.Status));
        Assert.Empty(refusing.Warnings);
    }

    [Fact]
    public async Task CapabilitiesDisagreeWithTheProbes_WarnsBothWays()
    {
        await using var upstream = await MockUpstream.StartAsync();

        // The echo model takes images but ignores tools: it answers tool_choice=required with text.
        var diagnosis = await DiagnoseAsync(OpenAI("text-model", upstream.BaseUrl, "echo", "text", "function_calling"));

        Assert.Equal(ProbeStatus.Supported, Probe(diagnosis, ProbeKind.Vision).Status);
        Assert.Equal(ProbeStatus.Unsupported, Probe(diagnosis, ProbeKind.Tools).Status);
        Assert.Equal(2, diagnosis.Warnings.Count);
        Assert.Contains(diagnosis.Warnings, w => w.StartsWith("capabilities lists \"function_calling\", but the tools probe was refused", StringComparison.Ordinal));
        Assert.Contains(diagnosis.Warnings, w => w.StartsWith("the vision probe succeeded, but capabilities does not list \"vision\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmptyCapabilities_WarnOnlyAboutRefusals()
    {
        await using var upstream = await MockUpstream.StartAsync();

        var diagnosis = await DiagnoseAsync(OpenAI("anything", upstream.BaseUrl, "echo"));

        var warning = Assert.Single(diagnosis.Warnings);
        Assert.StartsWith("capabilities is empty (accepts everything), but the tools probe was refused", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InProcessMockBackend_AnswersTextVisionAndStreaming_NotTools()
    {
        var diagnosis = await DiagnoseAsync(new BackendDescriptor { Name = "mock", Protocol = BackendProtocol.Mock, Capabilities = ["text", "vision"] });

        Assert.Equal("louter-mock", diagnosis.Model);
        Assert.Equal(ProbeStatus.Supported, Probe(diagnosis, ProbeKind.Text).Status);
        Assert.Equal(ProbeStatus.Supported, Probe(diagnosis, ProbeKind.Vision).Status);
        Assert.Equal(ProbeStatus.Supported, Probe(diagnosis, ProbeKind.Streaming).Status);
        Assert.Equal(ProbeStatus.Unsupported, Probe(diagnosis, ProbeKind.Tools).Status);
        Assert.Empty(diagnosis.Warnings);
    }

    [Fact]
    public async Task AnthropicBackend_ProbedInItsOwnWireFormat_ImageRefusalIsUnsupported()
    {
        var seen = new List<(string Path, string? Key, string Body)>();
        var backend = new BackendDescriptor
        {
            Name = "claude",
            Protocol = BackendProtocol.Anthropic,
            BaseUrl = new Uri("http://anthropic.invalid"),
            ApiKey = "sk-ant-diag",
            ModelMapping = new Dictionary<string, string> { ["c"] = "claude-text-only" },
            Capabilities = ["text", "vision", "function_calling"],
        };

        var diagnosis = await DiagnoseAsync(backend, handler: new AnthropicStub(seen));

        Assert.Equal(ProbeStatus.Supported, Probe(diagnosis, ProbeKind.Text).Status);
        Assert.Equal(ProbeStatus.Supported, Probe(diagnosis, ProbeKind.Tools).Status);
        Assert.Equal(ProbeStatus.Supported, Probe(diagnosis, ProbeKind.Streaming).Status);
        var vision = Probe(diagnosis, ProbeKind.Vision);
        Assert.Equal(ProbeStatus.Unsupported, vision.Status);
        Assert.Equal("HTTP 400: this model does not support image input", vision.Detail);
        var warning = Assert.Single(diagnosis.Warnings);
        Assert.StartsWith("capabilities lists \"vision\", but the vision probe was refused", warning, StringComparison.Ordinal);
        Assert.All(seen, s => Assert.Equal("/v1/messages", s.Path));
        Assert.All(seen, s => Assert.Equal("sk-ant-diag", s.Key));
        Assert.Contains(seen, s => s.Body.Contains("\"tool_choice\":{\"type\":\"any\"", StringComparison.Ordinal));
    }

    [Fact]
    public void VisionProbeImage_IsAValid8x8Png()
    {
        var png = Convert.FromBase64String(TinyPng.Base64);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        // IHDR: 8×8, 8-bit RGB; IEND's CRC is the well-known AE426082, which checks the CRC table.
        Assert.Equal(8, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(8, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(Convert.FromHexString("0000000049454E44AE426082"), png[^12..]);
        var idatLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        using var pixels = new System.IO.Compression.ZLibStream(new MemoryStream(png, 41, idatLength), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        pixels.CopyTo(raw);
        Assert.Equal(8 * (1 + 3 * 8), raw.Length);
    }

    /// <summary>Answers like Anthropic's Messages API; refuses images the way a text-only model would.</summary>
    private sealed class AnthropicStub(List<(string Path, string? Key, string Body)> seen) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (seen) seen.Add((request.RequestUri!.AbsolutePath, request.Headers.TryGetValues("x-api-key", out var keys) ? keys.Single() : null, body));
            if (body.Contains("\"type\":\"image\"", StringComparison.Ordinal))
                return Json(HttpStatusCode.BadRequest, """{"type":"error","error":{"type":"invalid_request_error","message":"this model does not support image input"}}""");
            if (body.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                const string sse = """
                    event: message_start
                    data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-text-only","content":[],"stop_reason":null,"usage":{"input_tokens":5,"output_tokens":0}}}

                    event: content_block_start
                    data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                    event: content_block_delta
                    data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

                    event: content_block_stop
                    data: {"type":"content_block_stop","index":0}

                    event: message_delta
                    data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}

                    event: message_stop
                    data: {"type":"message_stop"}


                    """;
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(sse.ReplaceLineEndings("\n"), Encoding.UTF8, "text/event-stream") };
            }
            var content = body.Contains("\"tools\"", StringComparison.Ordinal)
                ? """[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]"""
                : """[{"type":"text","text":"ok"}]""";
            return Json(HttpStatusCode.OK, $$$"""{"id":"msg_1","type":"message","role":"assistant","model":"claude-text-only","content":{{{content}}},"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":1}}""");
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
            new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
