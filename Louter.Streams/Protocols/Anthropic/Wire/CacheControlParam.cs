namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Prompt-caching breakpoint: <c>{"type":"ephemeral","ttl":"5m"}</c>.</summary>
public sealed class CacheControlParam
{
    public string? Type { get; set; }
    public string? Ttl { get; set; }
}
