namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Base URL → Anthropic endpoints. A bare host gets "/v1" (https://api.anthropic.com →
/// https://api.anthropic.com/v1/messages, as ANTHROPIC_BASE_URL is written without it); any path
/// is kept as the API root (https://api.anthropic.com/v1, https://gateway.example/anthropic/v1).
/// </summary>
public static class AnthropicEndpoints
{
    /// <summary>A backend with protocol "anthropic" and no url means Anthropic's own API.</summary>
    public static readonly Uri DefaultBase = new("https://api.anthropic.com");

    public static Uri Messages(Uri? baseUrl) => Under(baseUrl, "/messages");

    public static Uri CountTokens(Uri? baseUrl) => Under(baseUrl, "/messages/count_tokens");

    public static Uri Models(Uri? baseUrl) => Under(baseUrl, "/models");

    private static Uri Under(Uri? baseUrl, string suffix)
    {
        var b = baseUrl ?? DefaultBase;
        var path = b.AbsolutePath.TrimEnd('/');
        if (path.Length == 0) path = "/v1";
        return new UriBuilder(b) { Path = path + suffix }.Uri;
    }
}
