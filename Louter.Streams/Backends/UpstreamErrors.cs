using Louter.Streams.Errors;

namespace Louter.Streams.Backends;

/// <summary>
/// Upstream HTTP statuses → the client-facing error and the outcome for health tracking. A 401 or
/// 403 from a backend is Louter's misconfiguration, not the client's: it becomes a 502 and says
/// nothing about the key. 429 keeps its meaning; 503/529 mean "overloaded", not "broken".
/// </summary>
public static class UpstreamErrors
{
    public static (GatewayError Error, UpstreamOutcome Outcome) FromStatus(string backend, int status, string? upstreamMessage)
    {
        return status switch
        {
            429 => (new GatewayError(GatewayErrorKind.RateLimited, $"Backend '{backend}' is rate limiting requests. Retry after the delay in the Retry-After header."), UpstreamOutcome.RateLimited),
            401 or 403 => (new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{backend}' rejected the gateway's credentials (HTTP {status}). This is a gateway configuration problem, not a problem with your request."), UpstreamOutcome.AuthFailure),
            408 => (new GatewayError(GatewayErrorKind.GatewayTimeout, $"Backend '{backend}' timed out (HTTP 408)."), UpstreamOutcome.Timeout),
            503 or 529 => (new GatewayError(GatewayErrorKind.Unavailable, $"Backend '{backend}' is overloaded (HTTP {status}). Try again shortly.") { Code = "backend_overloaded" }, UpstreamOutcome.Overloaded),
            504 => (new GatewayError(GatewayErrorKind.GatewayTimeout, $"Backend '{backend}' reported a gateway timeout (HTTP 504)."), UpstreamOutcome.Timeout),
            >= 500 => (new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{backend}' failed with HTTP {status}."), UpstreamOutcome.ServerError),
            >= 400 => (new GatewayError(GatewayErrorKind.UpstreamRejected, upstreamMessage ?? $"Backend '{backend}' rejected the request (HTTP {status}).") { UpstreamStatus = status }, UpstreamOutcome.ClientError),
            _ => (new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{backend}' answered with unexpected HTTP {status}."), UpstreamOutcome.ProtocolError),
        };
    }
}
