using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Louter.Benchmarks.Load;

/// <summary>What the SSE client measured for one target in one streaming scenario.</summary>
internal sealed record SseResult(double StreamsPerSecond, long Streams, long Errors, Percentiles Ttft, Percentiles Gap, string Command);

/// <summary>
/// The streaming load generator: <c>connections</c> workers, each opening one stream after another
/// until the duration (or the per-worker stream cap) is reached. It timestamps every SSE event as it
/// is read: time to first event (TTFT) from the moment the request is sent, and the gap between
/// consecutive events. A stream counts as an error unless it answers 200 with at least
/// <see cref="MockUpstream.StreamPieces"/> events.
/// </summary>
internal static class SseLoadClient
{
    private const int MaxStreamsPerWorker = 1_000_000;

    public static async Task<SseResult> RunAsync(HttpClient http, Target target, int connections, TimeSpan duration, bool paced)
    {
        var body = Encoding.UTF8.GetBytes(target.Body(stream: true, paced));
        var ttft = new List<double>[connections];
        var gaps = new List<double>[connections];
        var streams = new long[connections];
        var errors = new long[connections];
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            ttft[w] = [];
            gaps[w] = [];
            for (var n = 0; n < MaxStreamsPerWorker && Stopwatch.GetTimestamp() < deadline; n++)
            {
                if (await OneStreamAsync(http, target, body, ttft[w], gaps[w])) streams[w]++;
                else errors[w]++;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var command = $"sse-client --connections {connections} --duration {duration.TotalSeconds:0.#}s{(paced ? " --paced 10ms" : "")} POST {target.Url}";
        return new SseResult(streams.Sum() / elapsed, streams.Sum(), errors.Sum(),
            Percentiles.Of(ttft.SelectMany(x => x)), Percentiles.Of(gaps.SelectMany(x => x)), command);
    }

    private static async Task<bool> OneStreamAsync(HttpClient http, Target target, byte[] body, List<double> ttft, List<double> gaps)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (key, value) in target.Headers) request.Headers.TryAddWithoutValidation(key, value);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) return false;
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);

            // An event ends at a blank line; count "\n\n" across reads (the previous read's last byte carried over).
            var events = 0;
            var previous = (byte)0;
            var last = sent;
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b == (byte)'\n' && previous == (byte)'\n')
                    {
                        var ms = Stopwatch.GetElapsedTime(last, now).TotalMilliseconds;
                        if (events == 0) ttft.Add(ms);
                        else gaps.Add(ms);
                        last = now;
                        events++;
                    }
                    if (b != (byte)'\r') previous = b;
                }
            }
            return events >= MockUpstream.StreamPieces;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>p50 and p99 of a set of samples, in milliseconds (NaN when there are none).</summary>
internal readonly record struct Percentiles(double P50, double P99, int Count)
{
    public static Percentiles Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return new Percentiles(double.NaN, double.NaN, 0);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Percentiles(At(0.50), At(0.99), sorted.Length);
    }
}
