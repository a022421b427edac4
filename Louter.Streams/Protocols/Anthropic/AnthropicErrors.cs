using System.Buffers;
using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// <see cref="GatewayError"/>s in Anthropic's shape, <c>{"type":"error","error":{"type","message"}}</c>,
/// and Anthropic errors read back into gateway errors.
/// </summary>
public static class AnthropicErrors
{
    public static byte[] Render(GatewayError error) =>
        JsonSerializer.SerializeToUtf8Bytes(Envelope(error), AnthropicJson.Writer.ErrorEnvelope);

    /// <summary>The in-stream form Anthropic sends, also after a 200: <c>event: error</c>.</summary>
    public static byte[] RenderStreamEvent(GatewayError error)
    {
        var output = new ArrayBufferWriter<byte>(256);
        AnthropicSse.Write(output, "error", Envelope(error), AnthropicJson.Writer.ErrorEnvelope);
        return output.WrittenSpan.ToArray();
    }

    public static ErrorEnvelope Envelope(GatewayError error) => new()
    {
        Error = new ErrorBody { Type = TypeOf(error), Message = error.Message },
    };

    /// <summary>
    /// Anthropic's error type for an error. Exhaustive over the kinds. Overload (capacity) keeps
    /// its own type, apart from rate limits (quota): clients back off differently.
    /// </summary>
    public static string TypeOf(GatewayError error) => error.Kind switch
    {
        GatewayErrorKind.InvalidRequest => "invalid_request_error",
        GatewayErrorKind.UpstreamRejected => error.UpstreamStatus switch
        {
            404 => "not_found_error",
            413 => "request_too_large",
            _ => "invalid_request_error",
        },
        GatewayErrorKind.NotFound => "not_found_error",
        GatewayErrorKind.Unauthorized => "authentication_error",
        GatewayErrorKind.Forbidden => "permission_error",
        GatewayErrorKind.RequestTooLarge => "request_too_large",
        GatewayErrorKind.RateLimited => "rate_limit_error",
        GatewayErrorKind.Unavailable when error.Code == "backend_overloaded" => "overloaded_error",
        GatewayErrorKind.Unavailable => "api_error",
        GatewayErrorKind.BadGateway => "api_error",
        GatewayErrorKind.GatewayTimeout => "api_error",
        GatewayErrorKind.Internal => "api_error",
        GatewayErrorKind.NotImplemented => "api_error",
        _ => "api_error",
    };

    /// <summary>
    /// An in-stream error from an Anthropic backend, as the client's error. Overload and rate limits
    /// keep their meaning; anything else mid-stream is the backend failing (502).
    /// </summary>
    public static GatewayError FromStreamError(ErrorBody? body)
    {
        var type = body?.Type ?? "api_error";
        var message = $"The backend reported an error in the middle of the stream ({type}): {body?.Message ?? "no message"}";
        return type switch
        {
            "overloaded_error" => new GatewayError(GatewayErrorKind.Unavailable, message) { Code = "backend_overloaded" },
            "rate_limit_error" => new GatewayError(GatewayErrorKind.RateLimited, message),
            _ => new GatewayError(GatewayErrorKind.BadGateway, message),
        };
    }

    /// <summary>The message of an Anthropic-shaped error body, or null.</summary>
    public static string? MessageOf(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AnthropicJsonContext.Default.ErrorEnvelope)?.Error?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
