namespace Louter.Host.Config;

/// <summary>Suggests the closest known name for a misspelt key or value.</summary>
internal static class DidYouMean
{
    /// <summary>The closest candidate within a few edits of <paramref name="input"/>, or null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var limit = input.Length <= 3 ? 1 : input.Length <= 6 ? 2 : 3;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = string.Equals(input, candidate, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Distance(input, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary><c>; did you mean "x"?</c>, or empty when nothing is close.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $"; did you mean \"{match}\"?" : "";

    // Optimal string alignment distance: Levenshtein plus adjacent swaps, because "tiemout"
    // is one slip of the fingers away from "timeout", not two.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
