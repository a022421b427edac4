using System.Globalization;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// How a rotated request log is named, shared by the writer and <c>louter logs</c>:
/// <c>requests.jsonl</c> rotates to <c>requests.20250301T120000Z.jsonl</c> (the UTC time of the
/// rotation), with <c>-1</c>, <c>-2</c>… after the time when two rotations share a second.
/// Names sort by time, so "oldest first" is name order.
/// </summary>
internal static class RotatedFiles
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    public sealed record Rotated(string Path, DateTimeOffset RotatedAt, int Sequence);

    /// <summary>A free name for the file rotated out of <paramref name="activePath"/> at <paramref name="at"/>.</summary>
    public static string NameFor(string activePath, DateTimeOffset at)
    {
        var (dir, stem, ext) = Split(activePath);
        var stamp = at.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        for (var sequence = 0; ; sequence++)
        {
            var name = sequence == 0 ? $"{stem}.{stamp}{ext}" : $"{stem}.{stamp}-{sequence}{ext}";
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) return path;
        }
    }

    /// <summary>The files rotated out of <paramref name="activePath"/>, oldest first (the active file not included).</summary>
    public static IReadOnlyList<Rotated> Find(string activePath)
    {
        var (dir, stem, ext) = Split(activePath);
        if (!Directory.Exists(dir)) return [];
        var found = new List<Rotated>();
        foreach (var path in Directory.EnumerateFiles(dir, $"{stem}.*{ext}"))
        {
            var name = Path.GetFileName(path);
            if (name.Length <= stem.Length + 1 + ext.Length || !name.EndsWith(ext, StringComparison.Ordinal)) continue;
            var middle = name[(stem.Length + 1)..^ext.Length];
            if (TryParseMiddle(middle, out var at, out var sequence)) found.Add(new Rotated(path, at, sequence));
        }

        found.Sort((a, b) => a.RotatedAt != b.RotatedAt ? a.RotatedAt.CompareTo(b.RotatedAt) : a.Sequence.CompareTo(b.Sequence));
        return found;
    }

    private static bool TryParseMiddle(string middle, out DateTimeOffset at, out int sequence)
    {
        sequence = 0;
        var dash = middle.IndexOf('-', StringComparison.Ordinal);
        var stamp = dash < 0 ? middle : middle[..dash];
        if (dash >= 0 && !int.TryParse(middle.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            at = default;
            return false;
        }

        return DateTimeOffset.TryParseExact(stamp, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }

    private static (string Dir, string Stem, string Ext) Split(string activePath)
    {
        var full = Path.GetFullPath(activePath);
        var dir = Path.GetDirectoryName(full) ?? ".";
        var ext = Path.GetExtension(full);
        return (dir, Path.GetFileNameWithoutExtension(full), ext);
    }
}
