using Louter.Streams.Errors;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// Errors a Responses backend reports inside a 200 — a failed response's <c>error {code, message}</c>,
/// or an <c>error</c> event — as the client's error. Rate limits, overload and the client's own bad
/// input keep their meaning; anything else is the backend failing (502).
/// </summary>
public static class ResponsesUpstreamErrors
{
    public static GatewayError From(string? code, string? type, string? message, string? param, string where)
    {
        var label = code ?? type ?? "server_error";
        var text = message ?? "no message";
        if (IsRateLimit(code) || IsRateLimit(type))
            return new GatewayError(GatewayErrorKind.RateLimited, $"The backend is rate limiting requests ({where}): {text}");
        if (IsOverload(code) || IsOverload(type))
            return new GatewayError(GatewayErrorKind.Unavailable, $"The backend is overloaded ({where}): {text}") { Code = "backend_overloaded" };
        if (IsInvalidRequest(code) || type == "invalid_request_error")
        {
            // About the client's input (a prompt too long for the context window, an unreadable
            // image): relayed as a 400 with the upstream's words and code, which clients act on
            // (Codex reads "context_length_exceeded").
            return new GatewayError(GatewayErrorKind.UpstreamRejected, text) { UpstreamStatus = 400, Code = code, Param = param };
        }
        return new GatewayError(GatewayErrorKind.BadGateway, $"The backend reported an error ({where}, {label}): {text}");
    }

    private static bool IsRateLimit(string? s) => s is "rate_limit_exceeded" or "rate_limit_error" or "requests" or "tokens";

    private static bool IsOverload(string? s) => s is "server_is_overloaded" or "overloaded" or "overloaded_error" or "service_unavailable" or "slow_down";

    /// <summary>The codes OpenAI documents for a failed response that are about the request, plus the usual 400 codes.</summary>
    private static bool IsInvalidRequest(string? code) => code is not null && (
        code.StartsWith("invalid_", StringComparison.Ordinal)
        || code.StartsWith("image_", StringComparison.Ordinal)
        || code is "context_length_exceeded" or "unsupported_image_media_type" or "empty_image_file" or "failed_to_download_image"
            or "string_above_max_length" or "unsupported_parameter" or "unsupported_value" or "missing_required_parameter");
}
