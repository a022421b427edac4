using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Louter.Streams.Routing;

/// <summary>
/// An immutable snapshot of every backend and its state. The request path reads one snapshot per
/// request and never asks an actor; a new snapshot replaces the old one when a backend's state changes.
/// </summary>
public sealed class RoutingTable
{
    private readonly FrozenDictionary<string, int> _index;

    public RoutingTable(ImmutableArray<RoutedBackend> backends)
    {
        Backends = backends;
        _index = backends.Select((b, i) => (b.Descriptor.Name, i)).ToFrozenDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
    }

    public static RoutingTable Create(IEnumerable<BackendDescriptor> descriptors) =>
        new([.. descriptors.Select(d => new RoutedBackend(d, BackendStatus.Initial))]);

    /// <summary>In config order.</summary>
    public ImmutableArray<RoutedBackend> Backends { get; }

    public RoutedBackend? Find(string name) => _index.TryGetValue(name, out var i) ? Backends[i] : null;

    /// <summary>A new table with one backend's status replaced, unless the given status is older.</summary>
    public RoutingTable With(string name, BackendStatus status)
    {
        if (!_index.TryGetValue(name, out var i) || status.Version < Backends[i].Status.Version || status == Backends[i].Status)
            return this;
        return new RoutingTable(Backends.SetItem(i, Backends[i] with { Status = status }));
    }
}
