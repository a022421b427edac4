using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>A decoded Chat Completions request: the typed wire record beside the original bytes.</summary>
public sealed class OpenAIChatDecoded : DecodedRequest
{
    public required ChatCompletionRequest Wire { get; init; }
}
