namespace Louter.Actors.Backends;

/// <summary>Registry key for the Backend shard region (Akka.Hosting's <c>IRequiredActor&lt;BackendRegionKey&gt;</c>).</summary>
public sealed class BackendRegionKey;
