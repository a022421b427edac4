using System.Globalization;

namespace Louter.Host.Config;

/// <summary>Parses sizes written as strings: "512KiB", "64MiB", "10MB", "1GiB", "100B" (units are case-insensitive).</summary>
internal static class ByteSizeParser
{
    private static readonly Dictionary<string, long> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1,
        ["KB"] = 1_000,
        ["MB"] = 1_000_000,
        ["GB"] = 1_000_000_000,
        ["KiB"] = 1L << 10,
        ["MiB"] = 1L << 20,
        ["GiB"] = 1L << 30,
    };

    public static bool TryParse(string text, out long bytes, out string error)
    {
        bytes = 0;
        error = "";
        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] == '.'))
        {
            split++;
        }

        var unit = s[split..].Trim();
        if (split == 0 || !double.TryParse(s.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"\"{text}\" is not a size; write e.g. \"64MiB\", \"10MB\", \"512KiB\" or an integer number of bytes";
            return false;
        }

        if (unit.Length == 0)
        {
            error = $"a size string needs a unit: write e.g. \"{s}B\" or \"{s}MiB\" (or an integer number of bytes)";
            return false;
        }

        if (!Units.TryGetValue(unit, out var factor))
        {
            error = $"unknown size unit \"{unit}\" in \"{text}\"; units: B, KB, MB, GB, KiB, MiB, GiB";
            return false;
        }

        var value = number * factor;
        if (value >= long.MaxValue)
        {
            error = $"\"{text}\" is too large";
            return false;
        }

        bytes = (long)Math.Round(value);
        return true;
    }

    /// <summary>Writes a byte count for people: "64MiB", "10MB", "1234B".</summary>
    public static string Format(long bytes)
    {
        foreach (var (unit, factor) in new[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("GB", 1_000_000_000L), ("MB", 1_000_000L), ("KB", 1_000L) })
        {
            if (bytes >= factor && bytes % factor == 0)
            {
                return $"{bytes / factor}{unit}";
            }
        }

        return $"{bytes}B";
    }
}
