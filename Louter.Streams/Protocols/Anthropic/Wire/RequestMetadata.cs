namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>metadata: an opaque end-user id for Anthropic's abuse detection.</summary>
public sealed class RequestMetadata
{
    public string? UserId { get; set; }
}
