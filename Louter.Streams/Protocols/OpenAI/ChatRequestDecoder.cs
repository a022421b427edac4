using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>
/// Decodes and validates a Chat Completions request body. Errors name the field the way OpenAI's
/// own API does ("Missing required parameter: 'messages'.", "Invalid type for 'messages[0].content'"),
/// so clients and SDKs show the user something they can act on.
/// </summary>
public static class ChatRequestDecoder
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    public static (ChatCompletionRequest? Request, GatewayError? Error) Decode(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
            return (null, GatewayError.Invalid("The request body is empty. Send a JSON object with 'model' and 'messages'.", code: "invalid_json"));

        ChatCompletionRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, OpenAIJsonContext.Default.ChatCompletionRequest);
        }
        catch (JsonException ex)
        {
            return (null, JsonErrors.Describe(ex));
        }

        if (request is null)
            return (null, GatewayError.Invalid("The request body must be a JSON object.", code: "invalid_json"));

        return (request, Validate(request));
    }

    private static GatewayError? Validate(ChatCompletionRequest r)
    {
        if (string.IsNullOrEmpty(r.Model))
            return GatewayError.Invalid("You must provide a model parameter.", "model", "missing_required_parameter");
        if (r.Messages is null)
            return GatewayError.Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        if (r.Messages.Count == 0)
            return GatewayError.Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array");

        for (var i = 0; i < r.Messages.Count; i++)
        {
            var m = r.Messages[i];
            if (m is null)
                return GatewayError.Invalid($"Invalid type for 'messages[{i}]': expected an object, but got null instead.", $"messages[{i}]", "invalid_type");
            if (m.Role is null)
                return GatewayError.Invalid($"Missing required parameter: 'messages[{i}].role'.", $"messages[{i}].role", "missing_required_parameter");
            if (Array.IndexOf(Roles, m.Role) < 0)
            {
                return GatewayError.Invalid(
                    $"Invalid value: '{Truncate(m.Role)}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'.",
                    $"messages[{i}].role", "invalid_value");
            }
            if (m.Role == "tool" && string.IsNullOrEmpty(m.ToolCallId))
                return GatewayError.Invalid($"Missing required parameter: 'messages[{i}].tool_call_id'.", $"messages[{i}].tool_call_id", "missing_required_parameter");
            if (m.Content?.Parts is { } parts)
            {
                for (var j = 0; j < parts.Count; j++)
                {
                    if (parts[j]?.Type is null)
                        return GatewayError.Invalid($"Missing required parameter: 'messages[{i}].content[{j}].type'.", $"messages[{i}].content[{j}].type", "missing_required_parameter");
                }
            }
        }

        if (r.MaxTokens is < 1)
            return GatewayError.Invalid($"Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got {r.MaxTokens} instead.", "max_tokens", "integer_below_min_value");
        if (r.MaxCompletionTokens is < 1)
            return GatewayError.Invalid($"Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 1, but got {r.MaxCompletionTokens} instead.", "max_completion_tokens", "integer_below_min_value");
        return null;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
