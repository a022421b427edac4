namespace Louter.Streams.Routing;

/// <summary>
/// The node-local routing table: swapped atomically by whoever hears backend state changes
/// (the actors), read without locks by every request.
/// </summary>
public sealed class RoutingTableHolder(RoutingTable initial) : IRoutingTableSource
{
    private RoutingTable _current = initial;

    public RoutingTable Current => Volatile.Read(ref _current);

    /// <summary>Applies one backend's published status; older versions are ignored.</summary>
    public void Apply(string backend, BackendStatus status) => Swap(t => t.With(backend, status));

    /// <summary>Every backend's persisted state has been heard: routing may choose from now on.</summary>
    public void MarkComplete() => Swap(t => t.AsComplete());

    private void Swap(Func<RoutingTable, RoutingTable> change)
    {
        while (true)
        {
            var before = Volatile.Read(ref _current);
            var after = change(before);
            if (ReferenceEquals(before, after) || ReferenceEquals(Interlocked.CompareExchange(ref _current, after, before), before))
                return;
        }
    }
}
