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
    private FrozenSet<string>? _configuredModels;

    public RoutingTable(ImmutableArray<RoutedBackend> backends, bool isComplete = true)
    {
        Backends = backends;
        IsComplete = isComplete;
        _index = backends.Select((b, i) => (b.Descriptor.Name, i)).ToFrozenDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
    }

    /// <param name="descriptors">The configured backends.</param>
    /// <param name="isComplete">False when the backends' persisted states still have to be heard (a starting node).</param>
    public static RoutingTable Create(IEnumerable<BackendDescriptor> descriptors, bool isComplete = true) =>
        new([.. descriptors.Select(d => new RoutedBackend(d, BackendStatus.Initial))], isComplete);

    /// <summary>
    /// True once every backend's persisted state is in the table. Before that a circuit forced open
    /// before a restart would not be known, so routing refuses to choose.
    /// </summary>
    public bool IsComplete { get; }

    /// <summary>In config order.</summary>
    public ImmutableArray<RoutedBackend> Backends { get; }

    /// <summary>
    /// Every client model name the config lists (model_mapping keys, the mock's models): the values
    /// the metrics' model label may take besides "other". Built on first use and kept by the tables
    /// that replace this one, whose backends are the same.
    /// </summary>
    public FrozenSet<string> ConfiguredModels => _configuredModels ??= CollectModels(Backends);

    private static FrozenSet<string> CollectModels(ImmutableArray<RoutedBackend> backends)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            names.UnionWith(backend.Descriptor.ModelMapping.Keys);
            names.UnionWith(backend.Descriptor.Models);
        }
        return names.ToFrozenSet(StringComparer.Ordinal);
    }

    public RoutedBackend? Find(string name) => _index.TryGetValue(name, out var i) ? Backends[i] : null;

    /// <summary>A new table with one backend's status replaced, unless the given status is older.</summary>
    public RoutingTable With(string name, BackendStatus status)
    {
        if (!_index.TryGetValue(name, out var i) || status.Version < Backends[i].Status.Version || status == Backends[i].Status)
            return this;
        return new RoutingTable(Backends.SetItem(i, Backends[i] with { Status = status }), IsComplete) { _configuredModels = _configuredModels };
    }

    /// <summary>This table, marked complete.</summary>
    public RoutingTable AsComplete() => IsComplete ? this : new RoutingTable(Backends, isComplete: true) { _configuredModels = _configuredModels };
}
