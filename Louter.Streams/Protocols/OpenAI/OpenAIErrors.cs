using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI.Wire;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>Renders <see cref="GatewayError"/>s in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class OpenAIErrors
{
    public static byte[] Render(GatewayError error) =>
        JsonSerializer.SerializeToUtf8Bytes(Envelope(error), OpenAIJson.Writer.OpenAIErrorEnvelope);

    /// <summary>An in-stream error as OpenAI sends one: a data event whose payload has only "error".</summary>
    public static byte[] RenderStreamEvent(GatewayError error)
    {
        var json = Render(error);
        return SseFrame.Data(json);
    }

    public static OpenAIErrorEnvelope Envelope(GatewayError error) => new()
    {
        Error = new OpenAIError
        {
            Message = error.Message,
            Type = TypeOf(error.Kind),
            Param = error.Param,
            Code = error.Code ?? DefaultCode(error.Kind),
        },
    };

    /// <summary>OpenAI's error "type" for each kind. Exhaustive.</summary>
    public static string TypeOf(GatewayErrorKind kind) => kind switch
    {
        GatewayErrorKind.InvalidRequest => "invalid_request_error",
        GatewayErrorKind.Unauthorized => "authentication_error",
        GatewayErrorKind.Forbidden => "permission_error",
        GatewayErrorKind.NotFound => "invalid_request_error",
        GatewayErrorKind.RequestTooLarge => "invalid_request_error",
        GatewayErrorKind.RateLimited => "rate_limit_error",
        GatewayErrorKind.UpstreamRejected => "invalid_request_error",
        GatewayErrorKind.Internal => "server_error",
        GatewayErrorKind.NotImplemented => "server_error",
        GatewayErrorKind.BadGateway => "server_error",
        GatewayErrorKind.Unavailable => "server_error",
        GatewayErrorKind.GatewayTimeout => "server_error",
        _ => "server_error",
    };

    private static string? DefaultCode(GatewayErrorKind kind) => kind switch
    {
        GatewayErrorKind.RateLimited => "rate_limit_exceeded",
        GatewayErrorKind.RequestTooLarge => "request_too_large",
        GatewayErrorKind.BadGateway => "upstream_error",
        GatewayErrorKind.Unavailable => "backend_unavailable",
        GatewayErrorKind.GatewayTimeout => "upstream_timeout",
        GatewayErrorKind.NotImplemented => "not_implemented",
        _ => null,
    };

    /// <summary>
    /// The message of an OpenAI-shaped error body, or null. Read loosely, because OpenAI-compatible
    /// servers differ from OpenAI: llama.cpp's server sends <c>"code": 400</c> (a number, where OpenAI
    /// has a string) inside <c>"error"</c>, and vLLM sends <c>{"object":"error","message",…,"code":400}</c>
    /// with no envelope. Both messages say what the client must change (a context size exceeded).
    /// </summary>
    public static string? MessageOf(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var parsed)) return null;
            using var document = parsed;
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("error", out var error))
                return error.ValueKind == JsonValueKind.Object ? StringOf(error, "message") : null;
            return root.TryGetProperty("object", out var kind) && kind.ValueKind == JsonValueKind.String && kind.ValueEquals("error")
                ? StringOf(root, "message")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
