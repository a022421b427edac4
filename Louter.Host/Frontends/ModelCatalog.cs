using Louter.Streams.Routing;

namespace Louter.Host.Frontends;

/// <summary>The client-facing model ids: every model_mapping key, then the models mock backends list, once each, in config order.</summary>
internal static class ModelCatalog
{
    public static IReadOnlyList<(string Id, string Backend)> Of(RoutingTable table)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new List<(string, string)>();
        foreach (var backend in table.Backends.Select(b => b.Descriptor))
        {
            foreach (var id in backend.ModelMapping.Keys.Concat(backend.Models))
            {
                if (seen.Add(id)) ids.Add((id, backend.Name));
            }
        }
        return ids;
    }
}
