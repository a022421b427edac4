using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Louter.Benchmarks.Load;

/// <summary>What a long run at a fixed rate did to a target's memory.</summary>
internal sealed record SoakResult(double TargetRate, double AchievedRate, long Requests, long Errors, TimeSpan Duration, long RssAfterWarmup, long RssAtEnd, long RssPeak, IReadOnlyList<(TimeSpan At, long Rss)> Samples, string Command)
{
    public double Growth => RssAfterWarmup == 0 ? double.NaN : (RssAtEnd - RssAfterWarmup) / (double)RssAfterWarmup;
}

/// <summary>
/// The soak: requests at a fixed rate for a long time — half non-streaming, half unpaced streams,
/// alternating — from 64 workers that each take the next slot of one global schedule (a worker
/// that falls behind sends at once, so the rate holds while the target keeps up). RSS is sampled
/// every 5 s; "after warm-up" is the sample at a tenth of the run (at most 60 s in).
/// </summary>
internal static class Soak
{
    private const int Workers = 64;

    public static async Task<SoakResult> RunAsync(HttpClient http, Target target, double rate, TimeSpan duration, Func<long> rss, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes(target.Body(stream: false, "bench"));
        var stream = Encoding.UTF8.GetBytes(target.Body(stream: true, "bench"));
        var samples = new List<(TimeSpan, long)>();
        var warmupAt = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 10));
        long next = -1, requests = 0, errors = 0;
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var ticksPerRequest = Stopwatch.Frequency / rate;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    lock (samples) samples.Add((Stopwatch.GetElapsedTime(started), rss()));
                }
            }
            catch (OperationCanceledException)
            {
                // done
            }
        }, CancellationToken.None);

        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var slot = Interlocked.Increment(ref next);
                var due = started + (long)(slot * ticksPerRequest);
                if (due >= end) return;
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > Stopwatch.Frequency / 1000) await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), cancellationToken);
                var ok = await SendAsync(http, target, slot % 2 == 0 ? json : stream, cancellationToken);
                Interlocked.Increment(ref requests);
                if (!ok) Interlocked.Increment(ref errors);
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        await sampler;
        var last = rss();
        lock (samples) samples.Add((elapsed, last));

        var afterWarmup = samples.FirstOrDefault(s => s.Item1 >= warmupAt).Item2;
        var command = $"soak --rate {rate:0} --duration {duration.TotalSeconds:0}s (alternating JSON and unpaced streams) POST {target.Url}";
        return new SoakResult(rate, requests / elapsed.TotalSeconds, requests, errors, elapsed, afterWarmup, last, samples.Max(s => s.Item2), samples, command);
    }

    private static async Task<bool> SendAsync(HttpClient http, Target target, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (key, value) in target.Headers) request.Headers.TryAddWithoutValidation(key, value);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
            await content.CopyToAsync(Stream.Null, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
