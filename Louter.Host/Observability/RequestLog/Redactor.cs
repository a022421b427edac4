using System.Text.RegularExpressions;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// Removes credentials from what the request log captures: whole header values for auth headers,
/// and key-like strings anywhere in a header or body (Bearer tokens, sk-… keys, Google AIza… keys,
/// ?key= query parameters, JSON properties named like api_key or password).
/// </summary>
internal static partial class Redactor
{
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie", "set-cookie",
    };

    /// <summary>Auth headers by name, and any header whose name says it carries a key, token, secret or password.</summary>
    public static bool IsSecretHeader(string name) =>
        SecretHeaders.Contains(name)
        || name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("password", StringComparison.OrdinalIgnoreCase);

    public static string RedactHeader(string name, string value) => IsSecretHeader(name) ? Redacted : RedactText(value);

    /// <summary>The text with every key-like string replaced; the rest unchanged (a JSON body stays valid JSON).</summary>
    public static string RedactText(string text)
    {
        text = SecretJsonProperty().Replace(text, "$1\"" + Redacted + "\"");
        text = AuthScheme().Replace(text, "$1 " + Redacted);
        text = SkKey().Replace(text, "sk-" + Redacted);
        text = GoogleKey().Replace(text, Redacted);
        return KeyQueryParameter().Replace(text, "$1" + Redacted);
    }

    // "api_key": "…", "x-api-key": "…", "password": "…": the value, whatever it looks like.
    [GeneratedRegex(@"(""(?:[A-Za-z0-9_\-]*api[_\-]?key|authorization|proxy-authorization|access[_\-]?token|refresh[_\-]?token|id[_\-]?token|client[_\-]?secret|secret|password|passwd)""\s*:\s*)""(?:[^""\\]|\\.)*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretJsonProperty();

    // Authorization values quoted in text: "Bearer eyJ…", "Basic dXNlcjpwYXNz".
    [GeneratedRegex("""\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=\-]{4,}""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthScheme();

    // OpenAI (sk-…, sk-proj-…) and Anthropic (sk-ant-…) keys.
    [GeneratedRegex("""\bsk-[A-Za-z0-9_\-]{8,}""", RegexOptions.CultureInvariant)]
    private static partial Regex SkKey();

    // Google API keys.
    [GeneratedRegex("""\bAIza[0-9A-Za-z_\-]{20,}""", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleKey();

    // Gemini clients may send the key as ?key=…
    [GeneratedRegex("""([?&](?:key|api_key|apikey|access_token)=)[^&\s"']+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyQueryParameter();
}
