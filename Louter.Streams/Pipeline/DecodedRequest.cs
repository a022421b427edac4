namespace Louter.Streams.Pipeline;

/// <summary>What every frontend's decoder tells the rest of the graph about a request.</summary>
public abstract class DecodedRequest
{
    public required string Model { get; init; }
    public bool Stream { get; init; }

    /// <summary>Whether the client itself asked for usage in the stream (OpenAI stream_options.include_usage).</summary>
    public bool ClientWantsStreamUsage { get; init; }
}
