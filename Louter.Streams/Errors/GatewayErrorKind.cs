namespace Louter.Streams.Errors;

/// <summary>
/// Every error Louter can return, whatever the protocol. Each frontend maps a kind to its own
/// status, error type and body shape (see <see cref="GatewayError.Status"/> for the HTTP status).
/// </summary>
public enum GatewayErrorKind
{
    /// <summary>The client's request is malformed or violates the API contract. 400.</summary>
    InvalidRequest,

    /// <summary>The client did not authenticate. 401.</summary>
    Unauthorized,

    /// <summary>The client authenticated but may not do this. 403.</summary>
    Forbidden,

    /// <summary>No backend serves the requested model, or the path is unknown. 404.</summary>
    NotFound,

    /// <summary>The request body exceeds the configured limit. 413.</summary>
    RequestTooLarge,

    /// <summary>Rate limited, by Louter or by the upstream. 429, with Retry-After.</summary>
    RateLimited,

    /// <summary>A bug or unexpected state inside Louter. 500.</summary>
    Internal,

    /// <summary>The route exists but the backend protocol is not implemented yet. 501.</summary>
    NotImplemented,

    /// <summary>The upstream answered with a server error, an invalid response, or rejected Louter's credentials. 502.</summary>
    BadGateway,

    /// <summary>No usable backend: connection refused, circuit open, or upstream overloaded. 503.</summary>
    Unavailable,

    /// <summary>The upstream did not answer (or went silent mid-stream) within its timeout. 504.</summary>
    GatewayTimeout,

    /// <summary>
    /// The upstream rejected the request as the client's fault (400, 404, 409, 413, 422): relayed with
    /// the upstream's status, because it is about the client's input.
    /// </summary>
    UpstreamRejected,
}
