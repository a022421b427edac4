namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>The "error" object of an Anthropic error.</summary>
public sealed class ErrorBody
{
    /// <summary>invalid_request_error, authentication_error, permission_error, not_found_error, request_too_large, rate_limit_error, api_error, overloaded_error.</summary>
    public string? Type { get; set; }
    public string? Message { get; set; }
}
