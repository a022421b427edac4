using System.Diagnostics;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;

namespace Louter.Streams.Tracing;

/// <summary>
/// Child spans for the graph's synchronous stages (decode, route). A stage takes a timestamp before
/// its work and records the span after it, with explicit start and end times, so no ambient
/// <see cref="Activity.Current"/> has to follow the exchange across the graph's threads.
/// </summary>
public static class StageSpan
{
    /// <summary>A start timestamp when the request is traced and recorded, else 0 (and the stage records nothing).</summary>
    public static long Begin(Exchange exchange, TimeProvider time) =>
        exchange.Span is { IsAllDataRequested: true } ? time.GetTimestamp() : 0;

    /// <summary>Records the decode span that began at <paramref name="started"/>.</summary>
    public static void Decoded(Exchange exchange, long started, TimeProvider time)
    {
        if (started == 0 || Start("decode", exchange, started, time) is not { } span) return;
        if (exchange.Error is { } error) Fail(span, error);
        LouterTracing.StopAt(span, exchange.Span!, exchange, time.GetTimestamp(), time);
    }

    /// <summary>Records the route span that began at <paramref name="started"/>.</summary>
    public static void Routed(Exchange exchange, long started, TimeProvider time)
    {
        if (started == 0 || Start("route", exchange, started, time) is not { } span) return;
        if (exchange.Route is { } route)
        {
            span.SetTag(GenAiAttributes.RouteMode, route.Mode);
            span.SetTag(GenAiAttributes.RouteOutcome, route.Outcome);
            span.SetTag(GenAiAttributes.RouteCandidates, route.Candidates.Count);
            if (route.Candidates.Count > 0) span.SetTag(GenAiAttributes.Backend, route.Candidates[0].Backend.Name);
        }
        if (exchange.Error is { } error) Fail(span, error);
        LouterTracing.StopAt(span, exchange.Span!, exchange, time.GetTimestamp(), time);
    }

    private static Activity? Start(string name, Exchange exchange, long started, TimeProvider time)
    {
        var parent = exchange.Span!;
        return LouterTracing.StartDetached(name, ActivityKind.Internal, parent.Context, LouterTracing.ToUtc(parent, exchange, started, time));
    }

    private static void Fail(Activity span, GatewayError error)
    {
        var type = SpanErrors.TypeOf(error.Kind);
        span.SetTag(GenAiAttributes.ErrorType, type);
        if (!SpanErrors.IsClientFault(error.Kind)) span.SetStatus(ActivityStatusCode.Error, type);
    }
}
