namespace Louter.Streams.Routing;

/// <summary>A backend chosen for a request, with the model name to send it.</summary>
public sealed record RouteCandidate(BackendDescriptor Backend, string UpstreamModel)
{
    /// <summary>
    /// Set when the backend is half-open and routing took one of this node's trial permits for it. A
    /// request served before it reaches this candidate gives the permit back, so the trial goes with
    /// the next request rather than waiting for a fresh half-open period.
    /// </summary>
    public ProbePermits? Trial { get; init; }
}
