namespace Louter.Streams.Routing.Balancing;

internal static class StableSort
{
    /// <summary>Sorts the range by key, ascending, keeping the given order among equal keys (insertion sort: ranges are tiny).</summary>
    public static void By<TKey>(List<RouteCandidate> candidates, int start, int count, TKey[] keys) where TKey : IComparable<TKey>
    {
        for (var i = 1; i < count; i++)
        {
            var key = keys[i];
            var item = candidates[start + i];
            var j = i - 1;
            while (j >= 0 && keys[j].CompareTo(key) > 0)
            {
                keys[j + 1] = keys[j];
                candidates[start + j + 1] = candidates[start + j];
                j--;
            }

            keys[j + 1] = key;
            candidates[start + j + 1] = item;
        }
    }
}
