namespace Louter.Actors.Routing;

/// <summary>
/// Whether this node's routing table has heard from every configured backend's entity since
/// start. Until it has, a forced-open circuit may not be known yet, so the node is not ready.
/// </summary>
public sealed class RoutingSyncStatus
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsSynced => _synced.Task.IsCompleted;

    /// <summary>Completes when the routing table has heard from every backend entity.</summary>
    public Task WhenSynced => _synced.Task;

    internal void MarkSynced() => _synced.TrySetResult();
}
