using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// The <c>code</c> of an error Louter reports inside a Responses stream (the <c>error</c> event and
/// the failed response's error). Responses clients tell a retryable failure by OpenAI's codes, the
/// ones <see cref="ResponsesUpstreamErrors"/> reads: Louter's own "backend_overloaded" means nothing
/// to them, so overload is "server_is_overloaded" and a rate limit "rate_limit_exceeded".
/// </summary>
public static class ResponsesErrorCode
{
    public static string Of(GatewayError error) => error switch
    {
        { Kind: GatewayErrorKind.RateLimited, Code: null } => "rate_limit_exceeded",
        { Kind: GatewayErrorKind.Unavailable, Code: "backend_overloaded" } => "server_is_overloaded",
        { Kind: GatewayErrorKind.BadGateway, Code: null } => "server_error",
        _ => OpenAIErrors.Envelope(error).Error?.Code ?? OpenAIErrors.TypeOf(error.Kind),
    };
}
