namespace Louter.Streams.Routing;

/// <summary>One backend in a routing table snapshot: its fixed description and its current state.</summary>
public sealed record RoutedBackend(BackendDescriptor Descriptor, BackendStatus Status);
