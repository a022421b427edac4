namespace Louter.Streams.Metrics;

/// <summary>
/// One request's derived timings in seconds (DESIGN §8), from TimeProvider timestamps; pure
/// arithmetic, so the definitions can be tested without a clock:
/// <list type="bullet">
/// <item>duration: arrival → end (the last byte written)</item>
/// <item>time to first token: arrival → first content byte written to the client</item>
/// <item>inter-token latency: (duration − TTFT) / (output tokens − 1), streams with more than one output token</item>
/// <item>output tokens per second: output tokens / (duration − TTFT), streams with output tokens</item>
/// <item>gateway overhead: duration − the time the backend stage awaited the upstream, never below 0</item>
/// </list>
/// A non-stream's answer is written at once, so duration − TTFT is the time to write it, not to
/// generate it: neither ITL nor tokens per second is derived for a non-stream (its whole generation
/// is inside its TTFT and its backend TTFT).
/// </summary>
public readonly record struct RequestTimings(
    double Duration,
    double? TimeToFirstToken,
    double? BackendTimeToFirstToken,
    double? InterTokenLatency,
    double? OutputTokensPerSecond,
    double GatewayOverhead)
{
    /// <param name="start">Arrival timestamp.</param>
    /// <param name="firstByte">First content byte written, or 0.</param>
    /// <param name="end">Last byte written.</param>
    /// <param name="upstreamWait">Timestamp ticks spent awaiting the upstream.</param>
    /// <param name="backendFirstToken">Timestamp ticks from the answering attempt's send to its first event or body, or 0.</param>
    /// <param name="outputTokens">Output tokens the backend reported (0 when unknown).</param>
    /// <param name="stream">Whether the answer was streamed.</param>
    /// <param name="frequency">Timestamp ticks per second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    public static RequestTimings Of(long start, long firstByte, long end, long upstreamWait, long backendFirstToken, long outputTokens, bool stream, long frequency)
    {
        double f = frequency;
        var duration = (end - start) / f;
        double? ttft = firstByte != 0 ? (firstByte - start) / f : null;
        double? itl = null, tps = null;
        if (stream && ttft is { } first)
        {
            var generating = duration - first;
            if (outputTokens > 1) itl = generating / (outputTokens - 1);
            if (outputTokens > 0 && generating > 0) tps = outputTokens / generating;
        }
        return new RequestTimings(
            duration,
            ttft,
            backendFirstToken > 0 ? backendFirstToken / f : null,
            itl,
            tps,
            Math.Max(0, end - start - upstreamWait) / f);
    }
}
