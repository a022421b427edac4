using System.Text;
using Louter.Streams.Pipeline;

namespace Louter.Tests.Support;

/// <summary>
/// An in-memory client: records the status, content type and headers it was started with and
/// every write, and behaves like ASP.NET Core's response (headers may be replaced until the first
/// write, not after).
/// </summary>
internal sealed class RecordingResponseChannel : IResponseChannel
{
    private readonly Lock _lock = new();
    private readonly List<byte[]> _writes = [];

    public bool HasStarted { get; private set; }
    public int Status { get; private set; }
    public string? ContentType { get; private set; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; } = [];

    /// <summary>How often the graph tried to change status or headers after the first write (a bug if ever non-zero).</summary>
    public int StartsAfterFirstWrite { get; private set; }

    /// <summary>Fires after every write; tests use it to wait for "the client got the first event".</summary>
    public event Action<byte[]>? Written;

    public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        lock (_lock)
        {
            if (HasStarted)
            {
                StartsAfterFirstWrite++;
                return;
            }
            Status = status;
            ContentType = contentType;
            Headers = headers;
        }
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var copy = data.ToArray();
        lock (_lock)
        {
            HasStarted = true;
            _writes.Add(copy);
        }
        Written?.Invoke(copy);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<byte[]> Writes
    {
        get { lock (_lock) return [.. _writes]; }
    }

    public string BodyText => Encoding.UTF8.GetString([.. Writes.SelectMany(w => w)]);

    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>The SSE payloads written ("data: X\n\n" → X), in order.</summary>
    public IReadOnlyList<string> SseData =>
        BodyText.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e[6..] : throw new InvalidOperationException($"Not a data event: {e}"))
            .ToList();
}
