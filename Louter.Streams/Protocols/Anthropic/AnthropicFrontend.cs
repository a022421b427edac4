using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// The Anthropic Messages frontend (POST /v1/messages): Claude Code and the Anthropic SDKs. With an
/// Anthropic backend it relays the upstream's events as they come (<see cref="PassThrough"/>);
/// with any other it decodes to canonical and encodes the answer back in Anthropic's grammar.
/// </summary>
public sealed partial class AnthropicFrontend : IFrontend, IRawRelay
{
    public static readonly AnthropicFrontend Instance = new();

    public string Name => "anthropic";

    public BackendProtocol Protocol => BackendProtocol.Anthropic;

    public void Decode(Exchange exchange)
    {
        var (request, error) = MessagesRequestDecoder.Decode(exchange.Body.Span);
        if (error is not null || request is null)
        {
            exchange.Error = error ?? GatewayError.Invalid("The request body must be a JSON object.");
            return;
        }

        exchange.Request = new AnthropicDecoded
        {
            Wire = request,
            Model = request.Model!,
            Stream = request.Stream == true,
            // Anthropic streams always carry usage (message_start, message_delta): the client expects it.
            ClientWantsStreamUsage = true,
        };
    }

    public RequestNeeds Classify(DecodedRequest request) =>
        AnthropicClassifier.Classify(((AnthropicDecoded)request).Wire);

    public ChatRequest ToCanonical(DecodedRequest request) =>
        AnthropicRequestMapper.ToCanonical(((AnthropicDecoded)request).Wire);

    public IResponseEncoder CreateEncoder(Exchange exchange) =>
        new AnthropicResponseEncoder(exchange.RequestId, exchange.Request?.Model ?? "", exchange.Request?.Stream == true);

    public byte[] RenderError(GatewayError error) => AnthropicErrors.Render(error);

    /// <summary>Anthropic answers "overloaded" with its own 529 (capacity, not quota), which its SDKs retry.</summary>
    public int StatusOf(GatewayError error) =>
        error is { Kind: GatewayErrorKind.Unavailable, Code: "backend_overloaded" } ? 529 : error.Status;

    public byte[] RenderStreamError(GatewayError error) => AnthropicErrors.RenderStreamEvent(error);
}
