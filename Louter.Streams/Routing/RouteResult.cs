using Louter.Streams.Errors;

namespace Louter.Streams.Routing;

/// <summary>Ordered candidates for a request, or why there are none.</summary>
public sealed record RouteResult(IReadOnlyList<RouteCandidate> Candidates, GatewayError? Error)
{
    public static RouteResult Ok(IReadOnlyList<RouteCandidate> candidates) => new(candidates, null);
    public static RouteResult Fail(GatewayError error) => new([], error);
}
