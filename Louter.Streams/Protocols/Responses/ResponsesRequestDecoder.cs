using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// Decodes and validates a Responses request body, with errors worded as OpenAI's API words them
/// ("Missing required parameter: 'input[2].call_id'."). Item and tool types Louter does not know are
/// not errors: Codex sends new ones as OpenAI adds them, and rejecting them would fail every turn.
/// </summary>
public static class ResponsesRequestDecoder
{
    private static readonly string[] Roles = ["user", "assistant", "system", "developer"];

    public static (ResponsesRequest? Request, GatewayError? Error) Decode(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
            return (null, GatewayError.Invalid("The request body is empty. Send a JSON object with 'model' and 'input'.", code: "invalid_json"));

        ResponsesRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, ResponsesJsonContext.Default.ResponsesRequest);
        }
        catch (JsonException ex)
        {
            return (null, JsonErrors.Describe(ex));
        }

        return request is null
            ? (null, GatewayError.Invalid("The request body must be a JSON object.", code: "invalid_json"))
            : (request, Validate(request));
    }

    private static GatewayError? Validate(ResponsesRequest r)
    {
        if (string.IsNullOrEmpty(r.Model))
            return GatewayError.Invalid("Missing required parameter: 'model'.", "model", "missing_required_parameter");
        if (r.Input is null && r.PreviousResponseId is null)
            return GatewayError.Invalid("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        if (r.MaxOutputTokens is < 16)
        {
            return GatewayError.Invalid(
                $"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got {r.MaxOutputTokens} instead.",
                "max_output_tokens", "integer_below_min_value");
        }
        if (r.Background == true)
            return GatewayError.Invalid("Background responses are not supported by this gateway; omit 'background'.", "background", "unsupported_parameter");
        if (r.Conversation is { ValueKind: not JsonValueKind.Null })
            return GatewayError.Invalid("Conversation objects are not supported by this gateway; send the history as input items or use 'previous_response_id'.", "conversation", "unsupported_parameter");

        var items = r.Input?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (ValidateItem(items[i], $"input[{i}]") is { } error) return error;
        }

        var tools = r.Tools ?? [];
        for (var i = 0; i < tools.Count; i++)
        {
            if (ValidateTool(tools[i], $"tools[{i}]") is { } error) return error;
        }

        if (r.Text?.Format is { Type: "json_schema" } format)
        {
            if (string.IsNullOrEmpty(format.Name))
                return GatewayError.Invalid("Missing required parameter: 'text.format.name'.", "text.format.name", "missing_required_parameter");
            if (format.Schema is not { ValueKind: JsonValueKind.Object })
                return GatewayError.Invalid("Missing required parameter: 'text.format.schema'.", "text.format.schema", "missing_required_parameter");
        }
        return null;
    }

    private static GatewayError? ValidateItem(ResponseItem? item, string path)
    {
        if (item is null)
            return GatewayError.Invalid($"Invalid type for '{path}': expected an object, but got null instead.", path, "invalid_type");

        switch (item.Type ?? "message")
        {
            case "message":
                if (item.Role is null)
                    return GatewayError.Invalid($"Missing required parameter: '{path}.role'.", $"{path}.role", "missing_required_parameter");
                if (Array.IndexOf(Roles, item.Role) < 0)
                {
                    return GatewayError.Invalid(
                        $"Invalid value: '{Truncate(item.Role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.",
                        $"{path}.role", "invalid_value");
                }
                if (item.Content is null)
                    return GatewayError.Invalid($"Missing required parameter: '{path}.content'.", $"{path}.content", "missing_required_parameter");
                var parts = item.Content.Parts ?? [];
                for (var j = 0; j < parts.Count; j++)
                {
                    if (parts[j]?.Type is null)
                        return GatewayError.Invalid($"Missing required parameter: '{path}.content[{j}].type'.", $"{path}.content[{j}].type", "missing_required_parameter");
                }
                return null;
            case "function_call" or "custom_tool_call":
                if (string.IsNullOrEmpty(item.CallId))
                    return GatewayError.Invalid($"Missing required parameter: '{path}.call_id'.", $"{path}.call_id", "missing_required_parameter");
                return string.IsNullOrEmpty(item.Name)
                    ? GatewayError.Invalid($"Missing required parameter: '{path}.name'.", $"{path}.name", "missing_required_parameter")
                    : null;
            case "function_call_output" or "custom_tool_call_output":
                if (string.IsNullOrEmpty(item.CallId))
                    return GatewayError.Invalid($"Missing required parameter: '{path}.call_id'.", $"{path}.call_id", "missing_required_parameter");
                return item.Output is null
                    ? GatewayError.Invalid($"Missing required parameter: '{path}.output'.", $"{path}.output", "missing_required_parameter")
                    : null;
            case "additional_tools":
                var tools = item.Tools ?? [];
                for (var i = 0; i < tools.Count; i++)
                {
                    if (ValidateTool(tools[i], $"{path}.tools[{i}]") is { } error) return error;
                }
                return null;
            case "item_reference":
                return string.IsNullOrEmpty(item.Id)
                    ? GatewayError.Invalid($"Missing required parameter: '{path}.id'.", $"{path}.id", "missing_required_parameter")
                    : null;
            default:
                return null;
        }
    }

    private static GatewayError? ValidateTool(ResponsesTool? tool, string path)
    {
        if (tool is null)
            return GatewayError.Invalid($"Invalid type for '{path}': expected an object, but got null instead.", path, "invalid_type");
        if (tool.Type is null)
            return GatewayError.Invalid($"Missing required parameter: '{path}.type'.", $"{path}.type", "missing_required_parameter");
        if (tool.Type is "function" or "custom" && string.IsNullOrEmpty(tool.Name))
            return GatewayError.Invalid($"Missing required parameter: '{path}.name'.", $"{path}.name", "missing_required_parameter");
        if (tool.Type == "namespace")
        {
            var inner = tool.Tools ?? [];
            for (var i = 0; i < inner.Count; i++)
            {
                if (ValidateTool(inner[i], $"{path}.tools[{i}]") is { } error) return error;
            }
        }
        return null;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
