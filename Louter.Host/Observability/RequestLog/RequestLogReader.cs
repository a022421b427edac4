using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// Reads a request log and its rotated siblings, oldest first. A line that is not an entry (cut off
/// by a crash, edited by hand) is skipped and counted, never fatal.
/// </summary>
internal sealed class RequestLogReader(string path)
{
    public int Malformed { get; private set; }

    /// <summary>The rotated files oldest first, then the active file (when it exists).</summary>
    public IReadOnlyList<string> Files()
    {
        var files = RotatedFiles.Find(path).Select(r => r.Path).ToList();
        if (File.Exists(path)) files.Add(path);
        return files;
    }

    public async IAsyncEnumerable<(LoggedRequest Entry, string Line)> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var file in Files())
        {
            // Louter may be writing it right now: share everything.
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                if (TryParse(line) is { } entry) yield return (entry, line);
                else Malformed++;
            }
        }
    }

    private static LoggedRequest? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, RequestLogJsonContext.Default.LoggedRequest);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
