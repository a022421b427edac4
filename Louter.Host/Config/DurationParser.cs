using System.Globalization;

namespace Louter.Host.Config;

/// <summary>
/// Parses durations written as strings: "500ms", "30s", "5m", "1h", "1m30s", "2h15m", "1.5s".
/// Units: ms, s, m, h, d (retention periods are written in days: "30d").
/// </summary>
internal static class DurationParser
{
    // Longest first, so "ms" is not read as "m" followed by a stray "s".
    private static readonly (string Unit, double Milliseconds)[] Units =
    [
        ("ms", 1),
        ("s", 1_000),
        ("m", 60_000),
        ("h", 3_600_000),
        ("d", 86_400_000),
    ];

    // Beyond this a value is a typo, and TimeSpan arithmetic in timers would overflow anyway.
    private static readonly TimeSpan Max = TimeSpan.FromDays(365);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what to write instead.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "";
        var s = text.Trim();
        if (s.Length == 0)
        {
            error = "a duration must not be empty; write e.g. \"30s\"";
            return false;
        }

        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
        {
            // A bare number is ambiguous (seconds? milliseconds?), so it is refused rather than guessed.
            error = $"a duration needs a unit: write e.g. \"{s}s\" (units: ms, s, m, h, d)";
            return false;
        }

        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                error = $"\"{text}\" is not a duration; write e.g. \"30s\", \"500ms\" or \"1m30s\"";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            var factor = Array.Find(Units, u => u.Unit == unit).Milliseconds;
            if (factor == 0)
            {
                error = unit.Length == 0
                    ? $"\"{text}\" is missing a unit after {s[start..i]}; units: ms, s, m, h, d (e.g. \"1m30s\")"
                    : $"unknown unit \"{unit}\" in \"{text}\"; units: ms, s, m, h, d (e.g. \"30s\")";
                return false;
            }

            total += number * factor;
        }

        if (total > Max.TotalMilliseconds)
        {
            error = $"\"{text}\" is longer than the largest duration allowed ({Max.TotalDays:0} days)";
            return false;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Writes a duration back in the same notation, e.g. "1m30s", for the config summary.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        if (value.TotalSeconds < 1 || value.Milliseconds != 0)
        {
            return $"{value.TotalMilliseconds:0.###}ms";
        }

        var text = "";
        if (value.Days > 0 || value.Hours > 0)
        {
            text += $"{(int)value.TotalHours}h";
        }

        if (value.Minutes > 0)
        {
            text += $"{value.Minutes}m";
        }

        if (value.Seconds > 0)
        {
            text += $"{value.Seconds}s";
        }

        return text;
    }
}
