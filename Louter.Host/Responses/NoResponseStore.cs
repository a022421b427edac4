using Louter.Streams.Protocols.Responses;

namespace Louter.Host.Responses;

/// <summary>[responses] store = false: nothing is kept, every id is unknown.</summary>
internal sealed class NoResponseStore : IResponseStore
{
    public void Save(StoredResponse response)
    {
        // store = false: the operator chose to keep no conversations
    }

    public ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult<StoredResponse?>(null);

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
