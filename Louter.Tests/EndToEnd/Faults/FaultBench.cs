using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Louter.Tests.EndToEnd.Support;

namespace Louter.Tests.EndToEnd.Faults;

/// <summary>
/// A real Louter in front of several loopback upstreams that all serve the client model <c>m</c>, at
/// the same priority with round-robin, so every backend takes its turn first. Each backend fails in
/// its own <see cref="FaultKind"/>; its mock can be told to recover (<see cref="Recover"/>). Shared by
/// the fault-scenario tests and the measurement harness.
/// </summary>
public sealed partial class FaultBench : IAsyncDisposable
{
    public const string Model = "m";

    /// <summary>The timeout of a <see cref="FaultKind.TimesOut"/> backend, and how long its mock waits.</summary>
    public static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(400);
    private const int TimesOutDelayMs = 1_500;
    private const int SlowDelayMs = 150;

    private readonly Dictionary<string, MockUpstream> _mocks;

    private FaultBench(LouterInstance louter, Dictionary<string, MockUpstream> mocks, IReadOnlyDictionary<string, FaultKind> backends, int refusedPort, string config)
    {
        Louter = louter;
        _mocks = mocks;
        Backends = backends;
        RefusedPort = refusedPort;
        Config = config;
    }

    public LouterInstance Louter { get; private set; }
    public IReadOnlyDictionary<string, FaultKind> Backends { get; }
    public int RefusedPort { get; }
    public string Config { get; }
    public HttpClient Http => Louter.Http;

    /// <param name="backends">Name → how it fails, in config order.</param>
    /// <param name="settings">Extra TOML appended to the config ([retries], say).</param>
    /// <param name="circuit">Circuit settings given to every backend.</param>
    public static async Task<FaultBench> StartAsync(
        IReadOnlyList<(string Name, FaultKind Kind)> backends, string settings = "",
        string circuit = "failure_threshold = 2\nopen_duration = \"2s\"\nmax_open_duration = \"8s\"", string? dataDir = null)
    {
        var mocks = new Dictionary<string, MockUpstream>(StringComparer.Ordinal);
        var refusedPort = FreePort();
        var toml = new System.Text.StringBuilder("[routing]\nload_balancing = \"round-robin\"\n\n");
        foreach (var (name, kind) in backends)
        {
            string url;
            if (kind == FaultKind.Refused)
            {
                url = $"http://127.0.0.1:{refusedPort}/v1";
            }
            else
            {
                var mock = await MockUpstream.StartAsync();
                mock.Behaviour = BehaviourOf(kind);
                mocks[name] = mock;
                url = mock.BaseUrl.ToString().TrimEnd('/') + "/v1";
            }
            var timeout = kind switch
            {
                FaultKind.TimesOut => $"{ShortTimeout.TotalMilliseconds}ms",
                _ => "5s",
            };
            toml.Append(CultureInfo.InvariantCulture, $"""
                [backends.{name}]
                url = "{url}"
                timeout = "{timeout}"
                {circuit}
                [backends.{name}.model_mapping]
                "{Model}" = "echo-{name}"


                """);
        }
        toml.Append(settings);
        var config = toml.ToString();
        var louter = await LouterInstance.StartAsync(config, dataDir: dataDir);
        return new FaultBench(louter, mocks, backends.ToDictionary(b => b.Name, b => b.Kind, StringComparer.Ordinal), refusedPort, config);
    }

    private static string? BehaviourOf(FaultKind kind) => kind switch
    {
        FaultKind.Unavailable => "status-503",
        FaultKind.TimesOut => $"delay-{TimesOutDelayMs}",
        FaultKind.Slow => $"delay-{SlowDelayMs}",
        FaultKind.RateLimited => "status-429-retry-after",
        _ => null,
    };

    /// <summary>The mock behind <paramref name="backend"/> (none for a refusing backend).</summary>
    public MockUpstream Mock(string backend) => _mocks[backend];

    /// <summary>Requests the upstream of <paramref name="backend"/> has received.</summary>
    public int Received(string backend) => _mocks[backend].Requests.Count;

    /// <summary>Makes the backend's upstream answer normally from now on.</summary>
    public void Recover(string backend) => _mocks[backend].Behaviour = null;

    /// <summary>Stops Louter and starts it again on the same data directory (the mocks stay up).</summary>
    public async Task RestartAsync()
    {
        var dataDir = Louter.DataDir;
        await Louter.DisposeAsync();
        Louter = await LouterInstance.StartAsync(Config, dataDir: dataDir);
    }

    /// <summary>A chat request for <see cref="Model"/>, streaming or not.</summary>
    public static string ChatBody(bool stream, string text = "still there?") =>
        $$"""{"model":"{{Model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{text}}"}]}""";

    /// <summary>Sends one chat request and reads its whole answer.</summary>
    public async Task<ClientResult> ChatAsync(bool stream, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await Louter.Http.PostAsync("/v1/chat/completions",
            new StringContent(ChatBody(stream), new MediaTypeHeaderValue("application/json")), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var text = response.IsSuccessStatusCode
            ? stream ? Sse.ContentOf(Sse.DataOf(body)) : ContentOf(body)
            : null;
        return new ClientResult(response.StatusCode, body, text, elapsed, response.Headers.RetryAfter?.Delta,
            response.Content.Headers.ContentType?.MediaType);
    }

    private static string? ContentOf(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
    }

    /// <summary>Every backend as GET /admin/backends shows it, by name.</summary>
    public async Task<Dictionary<string, JsonElement>> BackendsAsync(CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await Louter.Http.GetStringAsync("/admin/backends", cancellationToken));
        return doc.RootElement.EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!, b => b.Clone(), StringComparer.Ordinal);
    }

    /// <summary>Polls GET /admin/backends (every 25 ms, at most <paramref name="within"/>) until the backend's circuit reads <paramref name="circuit"/>.</summary>
    public Task<JsonElement> WaitForCircuitAsync(string backend, string circuit, TimeSpan within, CancellationToken cancellationToken) =>
        WaitForCircuitAsync(backend, [circuit], within, cancellationToken);

    /// <summary>As above, for any of <paramref name="circuits"/> (a short open period may already have turned half-open when a busy machine polls).</summary>
    public async Task<JsonElement> WaitForCircuitAsync(string backend, string[] circuits, TimeSpan within, CancellationToken cancellationToken)
    {
        var circuit = string.Join(" or ", circuits);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        while (true)
        {
            var b = (await BackendsAsync(cancellationToken))[backend];
            if (circuits.Contains(b.GetProperty("circuit").GetString())) return b;
            try
            {
                await Task.Delay(25, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"backend '{backend}' did not reach circuit '{circuit}' within {within}; it is {b}");
            }
        }
    }

    /// <summary>louter_backend_requests_total for one backend, summed over outcomes.</summary>
    public async Task<long> AttemptsAsync(string backend, CancellationToken cancellationToken) =>
        (await AttemptsByBackendAsync(cancellationToken)).GetValueOrDefault(backend);

    public async Task<Dictionary<string, long>> AttemptsByBackendAsync(CancellationToken cancellationToken)
    {
        var metrics = await Louter.Http.GetStringAsync("/metrics", cancellationToken);
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match m in AttemptLine().Matches(metrics))
        {
            var name = m.Groups["backend"].Value;
            totals[name] = totals.GetValueOrDefault(name) + (long)double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        }
        return totals;
    }

    [GeneratedRegex("""^louter_backend_requests_total\{[^}]*backend="(?<backend>[^"]+)"[^}]*\} (?<n>\S+)$""", RegexOptions.Multiline)]
    private static partial Regex AttemptLine();

    /// <summary>A port nothing listens on (bound, then released), so connections to it are refused.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await Louter.DisposeAsync();
        foreach (var mock in _mocks.Values) await mock.DisposeAsync();
    }
}

/// <summary>What one client request saw.</summary>
public sealed record ClientResult(HttpStatusCode Status, string Body, string? Text, TimeSpan Elapsed, TimeSpan? RetryAfter, string? ContentType)
{
    public bool Ok => Status == HttpStatusCode.OK && !string.IsNullOrEmpty(Text);
}
