using Xunit;
using System.Net.Http.Headers;
using Akka.Actor;
using Akka.Cluster;
using Louter.Actors.Routing;
using Louter.Host.Config;
using Louter.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// A real Louter process-in-a-process: the same <see cref="LouterApp"/> the CLI runs, on loopback
/// with an OS-assigned port, its journal in a data directory of the test's choosing.
/// </summary>
public sealed class LouterInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LouterInstance(WebApplication app, string dataDir)
    {
        _app = app;
        DataDir = dataDir;
    }

    public Uri BaseUrl { get; private set; } = null!;
    public string DataDir { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>An HttpClient for raw requests to this instance (no client key: Louter does not check one yet).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>
    /// Starts Louter with <paramref name="toml"/>, in which <c>{upstream}</c> is replaced by the
    /// mock upstream's base URL and <c>{data_dir}</c> by the data directory. Returns once the node
    /// is ready (cluster up, routing table synced with the backend entities).
    /// </summary>
    public static async Task<LouterInstance> StartAsync(string toml, Uri? upstream = null, string? dataDir = null, LouterAppOptions? options = null, string listen = "127.0.0.1:0")
    {
        dataDir ??= Directory.CreateTempSubdirectory("louter-test-").FullName;
        var text = toml.Replace("{upstream}", upstream?.ToString().TrimEnd('/') ?? "http://127.0.0.1:9", StringComparison.Ordinal)
                       .Replace("{data_dir}", dataDir.Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        var loaded = ConfigLoader.Parse(text, "test.toml", _ => null);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        var config = loaded.Config! with { Server = loaded.Config!.Server with { Listen = listen, DataDir = dataDir } };
        return await StartAsync(config, options);
    }

    public static async Task<LouterInstance> StartAsync(LouterConfig config, LouterAppOptions? options = null)
    {
        options ??= new LouterAppOptions();
        options = options with { ConfigureLogging = options.ConfigureLogging ?? (b => b.SetMinimumLevel(LogLevel.Warning)) };
        var app = LouterApp.Build(config, options);
        await app.StartAsync();

        var bound = LouterApp.BoundAddress(app);
        // Bound to every interface: talk to it over loopback.
        if (bound.Host is "0.0.0.0" or "[::]") bound = new UriBuilder(bound) { Host = "127.0.0.1" }.Uri;
        var instance = new LouterInstance(app, config.Server.DataDir) { BaseUrl = bound };
        instance.Http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = instance.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(app.Services.GetRequiredService<ActorSystem>()).RegisterOnMemberUp(() => up.TrySetResult());
        await Task.WhenAll(up.Task, app.Services.GetRequiredService<RoutingSyncStatus>().WhenSynced).WaitAsync(TimeSpan.FromSeconds(30));
        return instance;
    }

    /// <summary>POST a raw JSON body to /v1/chat/completions.</summary>
    public Task<HttpResponseMessage> PostChatAsync(string json, CancellationToken cancellationToken = default) =>
        Http.PostAsync("/v1/chat/completions", new StringContent(json, new MediaTypeHeaderValue("application/json")), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
