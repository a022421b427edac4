using Akka.Cluster.Sharding;

namespace Louter.Actors.Backends;

/// <summary>Routes <see cref="IBackendMessage"/>s to the entity named by the backend.</summary>
public sealed class BackendMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    /// <summary>Ten times the largest cluster we expect; fixed, because changing it moves entities.</summary>
    public const int MaxShards = 30;

    public override string? EntityId(object message) => message switch
    {
        IBackendMessage m => m.BackendName,
        _ => null,
    };
}
