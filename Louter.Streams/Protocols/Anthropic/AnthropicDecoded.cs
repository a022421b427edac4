using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>A decoded Messages request: the typed wire record (the original bytes stay on the exchange).</summary>
public sealed class AnthropicDecoded : DecodedRequest
{
    public required MessagesRequest Wire { get; init; }
}
