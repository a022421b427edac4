namespace Louter.Host.Frontends;

/// <summary>
/// GET /v1/models is the same path for OpenAI, Anthropic and Gemini clients (the @google/genai SDK
/// calls /v1 by default). Who is asking shows in the headers: Anthropic SDKs send anthropic-version,
/// Google's send x-goog-api-key (or ?key=) and x-goog-api-client. Everyone else is answered as OpenAI.
/// </summary>
internal enum ClientProtocol
{
    OpenAI,
    Anthropic,
    Gemini,
}

internal static class ClientProtocols
{
    public static ClientProtocol Of(HttpRequest request)
    {
        if (request.Headers.ContainsKey("anthropic-version")) return ClientProtocol.Anthropic;
        if (request.Headers.ContainsKey("x-goog-api-key") || request.Headers.ContainsKey("x-goog-api-client") || request.Query.ContainsKey("key"))
            return ClientProtocol.Gemini;
        return ClientProtocol.OpenAI;
    }
}
