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

    private Task? _held;

    /// <summary>
    /// A slow client from now on: every write is recorded, then does not complete until
    /// <paramref name="release"/> does (the socket's buffer full, the client not reading).
    /// </summary>
    public void HoldWrites(Task release) => _held = release;

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
        return _held is { IsCompleted: false } held ? new ValueTask(held.WaitAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public IReadOnlyList<byte[]> Writes
    {
        get { lock (_lock) return [.. _writes]; }
    }

    public string BodyText => Encoding.UTF8.GetString([.. Writes.SelectMany(w => w)]);

    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>
    /// The data of the SSE events written, in order, as an SSE client reads them (a relayed stream
    /// keeps the upstream's line ends and comments).
    /// </summary>
    public IReadOnlyList<string> SseData
    {
        get
        {
            var reader = new Louter.Streams.Sse.SseReader(new MemoryStream([.. Writes.SelectMany(w => w)]));
            var data = new List<string>();
            // A memory stream: every read completes at once.
            while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } ev) data.Add(Encoding.UTF8.GetString(ev.Data));
            return data;
        }
    }
}
