using System.Collections.Concurrent;
using Louter.Streams.Protocols.Responses;

namespace Louter.Tests.Conformance;

/// <summary>The response store of one row: what Louter saved for <c>previous_response_id</c>, in memory.</summary>
internal sealed class MemoryResponseStore : IResponseStore
{
    private readonly ConcurrentDictionary<string, StoredResponse> _responses = new(StringComparer.Ordinal);

    public IReadOnlyCollection<StoredResponse> Saved => [.. _responses.Values];

    public void Save(StoredResponse response) => _responses[response.Id] = response;

    public ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_responses.GetValueOrDefault(id));

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_responses.TryRemove(id, out _));
}
