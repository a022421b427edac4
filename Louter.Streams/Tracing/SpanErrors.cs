using System.Diagnostics;
using Louter.Streams.Errors;
using Louter.Streams.Metrics;

namespace Louter.Streams.Tracing;

/// <summary>
/// What a span says about a failure: an error kind and an outcome, never the error's message. A
/// message can quote the upstream's error body, which may echo part of a key or a URL with one.
/// </summary>
public static class SpanErrors
{
    public static string TypeOf(GatewayErrorKind kind) => kind switch
    {
        GatewayErrorKind.InvalidRequest => "invalid_request",
        GatewayErrorKind.Unauthorized => "unauthorized",
        GatewayErrorKind.Forbidden => "forbidden",
        GatewayErrorKind.NotFound => "not_found",
        GatewayErrorKind.RequestTooLarge => "request_too_large",
        GatewayErrorKind.RateLimited => "rate_limited",
        GatewayErrorKind.Internal => "internal",
        GatewayErrorKind.NotImplemented => "not_implemented",
        GatewayErrorKind.BadGateway => "bad_gateway",
        GatewayErrorKind.Unavailable => "unavailable",
        GatewayErrorKind.GatewayTimeout => "gateway_timeout",
        GatewayErrorKind.UpstreamRejected => "upstream_rejected",
        _ => "error",
    };

    /// <summary>Errors about the client's own request: reported as error.type, but not a failure of Louter's span.</summary>
    public static bool IsClientFault(GatewayErrorKind kind) => kind is
        GatewayErrorKind.InvalidRequest or GatewayErrorKind.Unauthorized or GatewayErrorKind.Forbidden or
        GatewayErrorKind.NotFound or GatewayErrorKind.RequestTooLarge or GatewayErrorKind.UpstreamRejected;

    /// <summary>Marks an attempt that ended in <paramref name="outcome"/>; success and a client that left are not errors of the attempt.</summary>
    public static void Attempt(Activity span, UpstreamOutcome outcome, int upstreamStatus)
    {
        if (outcome is UpstreamOutcome.Success or UpstreamOutcome.None or UpstreamOutcome.ClientCancelled) return;
        var type = AttemptMetrics.Label(outcome);
        span.SetTag(GenAiAttributes.ErrorType, type);
        span.SetStatus(ActivityStatusCode.Error, upstreamStatus > 0 ? $"{type}: upstream HTTP {upstreamStatus}" : type);
    }
}
