namespace Louter.Streams.Backends;

/// <summary>
/// A backend protocol whose rate-limit answers say when to retry in the body rather than in headers
/// (Gemini: a google.rpc.RetryInfo detail with retryDelay).
/// </summary>
public interface IRetryAfterSource
{
    TimeSpan? RetryAfterFromBody(ReadOnlySpan<byte> body);
}
