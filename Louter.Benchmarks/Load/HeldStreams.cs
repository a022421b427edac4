using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Louter.Benchmarks.Load;

/// <summary>What holding many streams open at once did to one target.</summary>
internal sealed record HeldResult(int Streams, int Completed, int Errors, Percentiles Ttft, double PeakOpen, long PeakRssBytes, TimeSpan Elapsed, string? FirstError, string Command);

/// <summary>
/// N streams opened together and held: every stream is the mock's 50 chunks spaced
/// <see cref="MockUpstream.HeldChunkGap"/> apart (20 s each), so all of them are open at the same
/// time. Connections are opened at most <c>ConnectBurst</c> at a time (a listen backlog is not
/// what is measured). Counts errors (anything but 200 with every event), TTFT, and samples the
/// target process's RSS every 250 ms for its peak.
/// </summary>
internal static class HeldStreams
{
    private const int ConnectBurst = 1024;

    public static async Task<HeldResult> RunAsync(Target target, int streams, Func<long> rss, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        var body = Encoding.UTF8.GetBytes(target.Body(stream: true, "bench-held"));
        var ttft = new double[streams];
        var open = 0;
        var peakOpen = 0;
        var errors = 0;
        string? firstError = null;
        using var connecting = new SemaphoreSlim(ConnectBurst);
        long peakRss = 0;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            try
            {
                while (await timer.WaitForNextTickAsync(sampling.Token)) peakRss = Math.Max(peakRss, rss());
            }
            catch (OperationCanceledException)
            {
                // done
            }
        }, CancellationToken.None);

        var started = Stopwatch.GetTimestamp();
        var tasks = new Task[streams];
        for (var i = 0; i < streams; i++)
        {
            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    var (ok, firstEvent, error) = await OneAsync(http, target, body, connecting, () =>
                    {
                        var now = Interlocked.Increment(ref open);
                        int seen;
                        while (now > (seen = Volatile.Read(ref peakOpen)) && Interlocked.CompareExchange(ref peakOpen, now, seen) != seen) { }
                    }, cancellationToken);
                    ttft[index] = firstEvent;
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, error, null);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref open);
                }
            }, CancellationToken.None);
        }
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await sampling.CancelAsync();
        await sampler;
        peakRss = Math.Max(peakRss, rss());

        var command = $"held-streams --streams {streams} --gap {MockUpstream.HeldChunkGap.TotalMilliseconds:0}ms POST {target.Url}";
        return new HeldResult(streams, streams - errors, errors, Percentiles.Of(ttft.Where(t => t > 0)), peakOpen, peakRss, elapsed, firstError, command);
    }

    private static async Task<(bool Ok, double Ttft, string? Error)> OneAsync(HttpClient http, Target target, byte[] body, SemaphoreSlim connecting, Action opened, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (key, value) in target.Headers) request.Headers.TryAddWithoutValidation(key, value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        var buffer = new byte[4096];
        var sent = Stopwatch.GetTimestamp();
        try
        {
            HttpResponseMessage response;
            await connecting.WaitAsync(timeout.Token);
            try
            {
                sent = Stopwatch.GetTimestamp();
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }
            finally
            {
                connecting.Release();
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode) return (false, 0, $"HTTP {(int)response.StatusCode}");
                opened();
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                var events = 0;
                var previous = (byte)0;
                double first = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    for (var i = 0; i < read; i++)
                    {
                        if (buffer[i] == (byte)'\n' && previous == (byte)'\n')
                        {
                            if (events++ == 0) first = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                        }
                        if (buffer[i] != (byte)'\r') previous = buffer[i];
                    }
                }
                return events >= MockUpstream.StreamPieces ? (true, first, null) : (false, first, $"the stream ended after {events} events");
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return (false, 0, e.GetType().Name + ": " + e.Message);
        }
    }
}
