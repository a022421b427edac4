namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Gemini URLs. A bare host gets "/v1beta" (what gemini-cli and Google's base URL variables mean:
/// <c>GOOGLE_GEMINI_BASE_URL</c> has no version); any path is kept as the API root, so
/// <c>https://host/v1</c> and proxies under a prefix work. The key never goes in the URL (URLs are
/// logged): it is sent as <c>x-goog-api-key</c>.
/// </summary>
public static class GeminiEndpoints
{
    public static readonly Uri GoogleBase = new("https://generativelanguage.googleapis.com");

    public static Uri GenerateContent(Uri? baseUrl, string model, bool stream)
    {
        var root = baseUrl ?? GoogleBase;
        var path = root.AbsolutePath.TrimEnd('/');
        if (path.Length == 0) path = "/v1beta";
        // Louter always asks for SSE: it parses the same way whatever the client wants, and the
        // frontend re-frames it as a JSON array for clients that asked for one.
        var method = stream ? ":streamGenerateContent?alt=sse" : ":generateContent";
        return new Uri(root.GetLeftPart(UriPartial.Authority) + path + "/models/" + Uri.EscapeDataString(ModelId(model)) + method);
    }

    /// <summary>"models/gemini-2.5-flash" → "gemini-2.5-flash" (clients and configs write it either way).</summary>
    public static string ModelId(string model) =>
        model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
}
