namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>An Anthropic error body, and the data of an in-stream <c>error</c> event: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
public sealed class ErrorEnvelope
{
    public string Type { get; set; } = "error";
    public ErrorBody? Error { get; set; }
}

public sealed class ErrorBody
{
    /// <summary>invalid_request_error, authentication_error, permission_error, not_found_error, request_too_large, rate_limit_error, api_error, overloaded_error.</summary>
    public string? Type { get; set; }
    public string? Message { get; set; }
}
