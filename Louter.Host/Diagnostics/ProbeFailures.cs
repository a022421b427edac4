using System.Net.Sockets;

namespace Louter.Host.Diagnostics;

/// <summary>
/// Turns what went wrong into a probe result. Reasons are written for an operator and are safe to
/// print: the socket error or the HTTP status, never a URL, a header or the key.
/// </summary>
internal static class ProbeFailures
{
    /// <summary>
    /// A non-2xx answer. A 400, 415 or 422 is the backend refusing the content
    /// (e.g. OpenAI's "Invalid content type. image_url is only supported by certain models"):
    /// unsupported. The rest say nothing about the content, so the probe failed.
    /// </summary>
    public static (ProbeStatus Status, string Detail) FromStatus(int status, string? upstreamMessage) => status switch
    {
        400 or 415 or 422 => (ProbeStatus.Unsupported, $"HTTP {status}: {upstreamMessage ?? "refused"}"),
        // OpenAI's 401 message repeats part of the key ("Incorrect API key provided: sk-ab***"): never shown.
        401 or 403 => (ProbeStatus.Failed, $"HTTP {status}: the backend rejected the configured credentials"),
        404 => (ProbeStatus.Failed, $"HTTP 404: {upstreamMessage ?? "model or endpoint not found"}"),
        429 => (ProbeStatus.Failed, $"HTTP 429: rate limited{(upstreamMessage is null ? "" : $" ({upstreamMessage})")}"),
        503 or 529 => (ProbeStatus.Failed, $"HTTP {status}: overloaded"),
        >= 500 => (ProbeStatus.Failed, $"HTTP {status}{(upstreamMessage is null ? "" : $": {upstreamMessage}")}"),
        _ => (ProbeStatus.Failed, $"HTTP {status}{(upstreamMessage is null ? "" : $": {upstreamMessage}")}"),
    };

    /// <summary>Why a request threw: "connection refused", "host not found", "connection reset", …</summary>
    public static string FromException(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException se)
                return se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.TimedOut => "connect timed out",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    _ => $"socket error {se.SocketErrorCode}",
                };
            if (x is TimeoutException) return "connect timed out";
        }
        return e switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "the TLS handshake failed",
            HttpRequestException { HttpRequestError: var kind and not HttpRequestError.Unknown } => $"connection failed ({kind})",
            InvalidDataException or System.Text.Json.JsonException => "the answer could not be read as this protocol's response",
            _ => "I/O error",
        };
    }

    /// <summary>Removes the key from text that came from the upstream, in case an error message echoes it.</summary>
    public static string? Redact(string? text, string? apiKey) =>
        text is null || string.IsNullOrEmpty(apiKey) || apiKey.Length < 4 ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);

    /// <summary>Keeps an upstream message to one readable line.</summary>
    public static string? Shorten(string? text)
    {
        if (text is null) return null;
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 297), "...");
    }
}
