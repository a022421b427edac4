using Louter.Host.Hosting;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Gemini;

namespace Louter.Host.Frontends;

/// <summary>
/// The Gemini surface on /v1beta (gemini-cli) and /v1 (@google/genai's default):
/// models/{model}:generateContent, :streamGenerateContent (alt=sse → SSE; otherwise one JSON array
/// streamed element by element) and :countTokens. The key (x-goog-api-key or ?key=) is never forwarded.
/// </summary>
internal static class GeminiRoutes
{
    public static void MapGemini(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1beta/models/{modelAction}", HandleAsync);
        app.MapPost("/v1/models/{modelAction}", HandleAsync);
    }

    private static Task HandleAsync(HttpContext context, string modelAction, GatewayRuntime runtime, GatewayLimits limits)
    {
        var colon = modelAction.LastIndexOf(':');
        var model = colon > 0 ? modelAction[..colon] : modelAction;
        var action = colon > 0 ? modelAction[(colon + 1)..] : "";
        return action switch
        {
            "generateContent" => runtime.HandleAsync(context, GeminiFrontend.Instance, new RequestHints { PathModel = model, Stream = false }),
            "streamGenerateContent" => runtime.HandleAsync(context, GeminiFrontend.Instance, new RequestHints
            {
                PathModel = model,
                Stream = true,
                JsonArrayStream = !string.Equals(context.Request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase),
            }),
            "countTokens" => CountTokensAsync(context, model, limits),
            _ => WriteAsync(context.Response, new GatewayError(GatewayErrorKind.NotFound,
                $"Method '{action}' is not supported on models/{model}: use generateContent, streamGenerateContent or countTokens.")),
        };
    }

    /// <summary>Louter's estimate (GeminiTokenCounter documents how), so a client can size its prompt whatever backend serves the model.</summary>
    private static async Task CountTokensAsync(HttpContext context, string model, GatewayLimits limits)
    {
        var (body, tooLarge) = await RequestBodyReader.ReadAsync(context.Request, limits.MaxRequestBodyBytes, context.RequestAborted);
        var (request, error) = tooLarge is null ? GeminiTokenCounter.Decode(body.Span, model) : (null, tooLarge);
        if (error is not null || request is null)
        {
            await WriteAsync(context.Response, error ?? GatewayError.Invalid("The request body must be a JSON object."));
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(GeminiTokenCounter.Render(GeminiTokenCounter.Estimate(request)), context.RequestAborted);
    }

    private static Task WriteAsync(HttpResponse response, GatewayError error)
    {
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        return response.Body.WriteAsync(GeminiErrors.Render(error)).AsTask();
    }
}
