using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// A stand-in OpenTelemetry collector on loopback: accepts OTLP/HTTP protobuf on
/// <c>POST /v1/traces</c> and keeps every span it is sent.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<(Func<IReadOnlyList<ExportedSpan>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ExportedSpan> Spans { get; } = new();

    /// <summary>How many export requests arrived (an exporter sends none for an empty batch).</summary>
    public int Exports => _exports;
    private int _exports;

    /// <summary>The URL to give as otlp_endpoint (the collector's base URL).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseUrl = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>Completes once the spans received satisfy <paramref name="condition"/>; fails after <paramref name="timeout"/>.</summary>
    public Task WhenAsync(Func<IReadOnlyList<ExportedSpan>, bool> condition, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition([.. Spans])) return Task.CompletedTask;
            _waiters.Add((condition, done));
        }
        return done.Task.WaitAsync(timeout);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        if (context.Request.ContentType != "application/x-protobuf")
        {
            context.Response.StatusCode = 415;
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var spans = OtlpProtobuf.ReadExportRequest(buffer.ToArray());
        lock (_gate)
        {
            Interlocked.Increment(ref _exports);
            foreach (var span in spans) Spans.Enqueue(span);
            var all = Spans.ToArray();
            _waiters.RemoveAll(w =>
            {
                if (!w.Condition(all)) return false;
                w.Done.TrySetResult();
                return true;
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
