using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// The Gemini frontend (<c>/v1beta/models/{model}:generateContent</c> and
/// <c>:streamGenerateContent</c>, also under <c>/v1</c>). The model and the streaming choice come
/// from the URL (<see cref="RequestHints"/>); streams go back as SSE (<c>alt=sse</c>, what the SDKs
/// use) or as one JSON array (raw REST callers). Same-protocol relay: GeminiFrontend.PassThrough.cs.
/// </summary>
public sealed partial class GeminiFrontend : IFrontend
{
    public static readonly GeminiFrontend Instance = new();

    private GeminiFrontend() { }

    public string Name => "gemini";

    public BackendProtocol Protocol => BackendProtocol.Gemini;

    public void Decode(Exchange exchange)
    {
        var model = exchange.Hints.PathModel is { Length: > 0 } pathModel ? GeminiEndpoints.ModelId(pathModel) : "";
        if (model.Length == 0)
        {
            exchange.Error = GatewayError.Invalid(
                "The model must be named in the URL, as in /v1beta/models/{model}:generateContent.", "model", "missing_required_parameter");
            return;
        }

        var (request, error) = GeminiRequestDecoder.Decode(exchange.Body.Span);
        if (error is not null || request is null)
        {
            exchange.Error = error ?? GeminiRequestValidator.ContentsMissing();
            return;
        }

        var stream = exchange.Hints.Stream == true;
        exchange.Request = new GeminiDecoded
        {
            Wire = request,
            Model = model,
            Stream = stream,
            JsonArrayStream = stream && exchange.Hints.JsonArrayStream,
            // Gemini reports usage in every chunk; there is no opting out.
            ClientWantsStreamUsage = true,
        };
    }

    public RequestNeeds Classify(DecodedRequest request)
    {
        var decoded = (GeminiDecoded)request;
        return GeminiClassifier.Classify(decoded.Wire, decoded.Stream);
    }

    public ChatRequest ToCanonical(DecodedRequest request)
    {
        var decoded = (GeminiDecoded)request;
        return GeminiRequestMapper.ToCanonical(decoded.Wire, decoded.Model, decoded.Stream);
    }

    public IResponseEncoder CreateEncoder(Exchange exchange)
    {
        var decoded = exchange.Request as GeminiDecoded;
        return new GeminiResponseEncoder(decoded?.Stream == true, decoded?.JsonArrayStream == true);
    }

    public byte[] RenderError(GatewayError error) => GeminiErrors.Render(error);

    /// <summary>
    /// The SSE form. A JSON-array stream needs its error as an array element instead; this method
    /// cannot tell which stream it is in, so the relay writes that form itself (see PassThrough).
    /// </summary>
    public byte[] RenderStreamError(GatewayError error) => GeminiErrors.RenderStreamEvent(error);
}
