using System.Diagnostics;
using Louter.Streams.Pipeline;

namespace Louter.Streams.Tracing;

/// <summary>
/// Louter's one <see cref="ActivitySource"/>. With no listener (no <c>[tracing] otlp_endpoint</c>)
/// nothing is started: every span helper returns on a null check or <see cref="ActivitySource.HasListeners"/>,
/// so tracing off allocates nothing per request.
/// </summary>
public static class LouterTracing
{
    public const string SourceName = "Louter";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts a span that is not made <see cref="Activity.Current"/>: the request's stages run on Akka
    /// dispatcher threads and continuations, where an ambient activity would leak into whatever runs
    /// next. Parents are always passed explicitly.
    /// </summary>
    internal static Activity? StartDetached(string name, ActivityKind kind, ActivityContext parent, DateTimeOffset start)
    {
        var previous = Activity.Current;
        var span = Source.StartActivity(name, kind, parent, startTime: start);
        Activity.Current = previous;
        return span;
    }

    /// <summary>
    /// A TimeProvider timestamp as wall-clock time on the request span's timeline: the request span
    /// starts at the exchange's <see cref="Exchange.StartTimestamp"/>, so child spans keep their order
    /// and durations even when the wall clock steps.
    /// </summary>
    public static DateTimeOffset ToUtc(Activity requestSpan, Exchange exchange, long timestamp, TimeProvider time) =>
        new DateTimeOffset(requestSpan.StartTimeUtc, TimeSpan.Zero) + time.GetElapsedTime(exchange.StartTimestamp, timestamp);

    /// <summary>Ends <paramref name="span"/> at a TimeProvider timestamp on the request's timeline.</summary>
    internal static void StopAt(Activity span, Activity requestSpan, Exchange exchange, long timestamp, TimeProvider time)
    {
        span.SetEndTime(ToUtc(requestSpan, exchange, timestamp, time).UtcDateTime);
        span.Stop();
    }
}
