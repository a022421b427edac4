using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Decodes and validates a Messages (or count_tokens) request body. Errors are worded the way
/// Anthropic's API words them ("max_tokens: Field required", "messages.0.role: Input should be
/// 'user' or 'assistant'"), so Claude Code and the SDKs show the user something they recognise.
/// </summary>
public static class MessagesRequestDecoder
{
    public static (MessagesRequest? Request, GatewayError? Error) Decode(ReadOnlySpan<byte> body)
    {
        var (request, error) = Parse(body, AnthropicJsonContext.Default.MessagesRequest);
        return request is null ? (null, error) : (request, MessagesRequestValidator.Validate(request, requireMaxTokens: true));
    }

    /// <summary>count_tokens takes the same body without max_tokens.</summary>
    public static (MessagesRequest? Request, GatewayError? Error) DecodeCountTokens(ReadOnlySpan<byte> body)
    {
        var (request, error) = Parse(body, AnthropicJsonContext.Default.CountTokensRequest);
        if (request is null) return (null, error);
        var messages = request.AsMessagesRequest();
        return (messages, MessagesRequestValidator.Validate(messages, requireMaxTokens: false));
    }

    private static (T? Value, GatewayError? Error) Parse<T>(ReadOnlySpan<byte> body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract)
        where T : class
    {
        if (body.IsEmpty)
            return (null, GatewayError.Invalid("The request body is empty. Send a JSON object with model, max_tokens and messages.", code: "invalid_json"));

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(body, contract);
        }
        catch (JsonException ex)
        {
            return (null, AnthropicJsonErrors.Describe(ex));
        }
        return value is null
            ? (null, GatewayError.Invalid("The request body must be a JSON object.", code: "invalid_json"))
            : (value, null);
    }
}
