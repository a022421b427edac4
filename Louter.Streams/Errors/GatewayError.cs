namespace Louter.Streams.Errors;

/// <summary>
/// An error as data: what went wrong, in words fit for the client (never a secret), plus what a
/// frontend needs to render it in its own protocol.
/// </summary>
public sealed record GatewayError(GatewayErrorKind Kind, string Message)
{
    /// <summary>The request field the error is about, e.g. "messages[0].role".</summary>
    public string? Param { get; init; }

    /// <summary>A machine-readable code, e.g. "model_not_found", "invalid_type".</summary>
    public string? Code { get; init; }

    /// <summary>For <see cref="GatewayErrorKind.UpstreamRejected"/>: the upstream's status.</summary>
    public int? UpstreamStatus { get; init; }

    /// <summary>When the client may retry; rendered as a Retry-After header.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Response headers to pass through (e.g. the upstream's x-ratelimit-*).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The HTTP status for this error. Exhaustive over <see cref="GatewayErrorKind"/>.</summary>
    public int Status => Kind switch
    {
        GatewayErrorKind.InvalidRequest => 400,
        GatewayErrorKind.Unauthorized => 401,
        GatewayErrorKind.Forbidden => 403,
        GatewayErrorKind.NotFound => 404,
        GatewayErrorKind.RequestTooLarge => 413,
        GatewayErrorKind.RateLimited => 429,
        GatewayErrorKind.Internal => 500,
        GatewayErrorKind.NotImplemented => 501,
        GatewayErrorKind.BadGateway => 502,
        GatewayErrorKind.Unavailable => 503,
        GatewayErrorKind.GatewayTimeout => 504,
        GatewayErrorKind.UpstreamRejected => UpstreamStatus ?? 400,
        _ => 500,
    };

    public static GatewayError Invalid(string message, string? param = null, string? code = null) =>
        new(GatewayErrorKind.InvalidRequest, message) { Param = param, Code = code };
}
