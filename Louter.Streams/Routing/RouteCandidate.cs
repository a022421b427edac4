namespace Louter.Streams.Routing;

/// <summary>A backend chosen for a request, with the model name to send it.</summary>
public sealed record RouteCandidate(BackendDescriptor Backend, string UpstreamModel);
