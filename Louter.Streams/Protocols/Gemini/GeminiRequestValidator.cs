using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// What the Gemini API itself would reject, checked before a backend is chosen so that every
/// backend protocol gets the same answer. Field names in errors are camelCase.
/// </summary>
public static class GeminiRequestValidator
{
    private static readonly string[] Modes = ["MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED"];

    public static GatewayError ContentsMissing() =>
        GatewayError.Invalid("* GenerateContentRequest.contents: contents is not specified", "contents", "missing_required_parameter");

    public static GatewayError? Validate(GenerateContentRequest r)
    {
        if (r.Contents is not { Count: > 0 } contents) return ContentsMissing();

        for (var i = 0; i < contents.Count; i++)
        {
            if (ValidateContent(contents[i], $"contents[{i}]", isSystem: false) is { } error) return error;
        }
        if (r.SystemInstruction is { } system && ValidateContent(system, "systemInstruction", isSystem: true) is { } systemError)
            return systemError;

        return ValidateTools(r) ?? ValidateToolConfig(r.ToolConfig) ?? ValidateThinking(r.GenerationConfig?.ThinkingConfig);
    }

    /// <summary>Roles a client may send: "tool" and "function" are function-response turns on the user side.</summary>
    public static bool IsKnownRole(string? role) => role is null or "" or "user" or "model" or "tool" or "function";

    private static GatewayError? ValidateContent(Content? content, string at, bool isSystem)
    {
        if (content is null) return GatewayError.Invalid($"Invalid value at '{at}': expected an object.", at, "invalid_type");
        if (!isSystem && !IsKnownRole(content.Role))
            return GatewayError.Invalid("Please use a valid role: user, model.", $"{at}.role", "invalid_value");
        if (content.Parts is not { Count: > 0 } parts)
        {
            if (isSystem) return null;
            return GatewayError.Invalid($"* GenerateContentRequest.{at}.parts: contents.parts must not be empty.", $"{at}.parts", "empty_array");
        }

        for (var j = 0; j < parts.Count; j++)
        {
            if (ValidatePart(parts[j], $"{at}.parts[{j}]") is { } error) return error;
        }
        return null;
    }

    private static GatewayError? ValidatePart(Part? part, string at)
    {
        if (part is null) return GatewayError.Invalid($"Invalid value at '{at}': expected an object.", at, "invalid_type");

        var hasData = part.Text is not null || part.InlineData is not null || part.FileData is not null
            || part.FunctionCall is not null || part.FunctionResponse is not null
            || part.ExecutableCode is not null || part.CodeExecutionResult is not null;
        // A part holding only a signature is what Gemini itself ends some answers with; clients echo it back.
        if (!hasData && part.ThoughtSignature is null)
            return GatewayError.Invalid($"* GenerateContentRequest.{at}.data: required oneof field 'data' must have one initialized field", at, "missing_required_parameter");

        if (part.FunctionCall is { } call && string.IsNullOrEmpty(call.Name))
            return GatewayError.Invalid($"* GenerateContentRequest.{at}.functionCall.name: Name cannot be empty.", $"{at}.functionCall.name", "missing_required_parameter");
        if (part.FunctionResponse is { } response && string.IsNullOrEmpty(response.Name))
            return GatewayError.Invalid($"* GenerateContentRequest.{at}.functionResponse.name: Name cannot be empty.", $"{at}.functionResponse.name", "missing_required_parameter");
        if (part.InlineData is { } blob)
        {
            if (string.IsNullOrEmpty(blob.MimeType))
                return GatewayError.Invalid($"* GenerateContentRequest.{at}.inlineData.mimeType: mimeType is not specified", $"{at}.inlineData.mimeType", "missing_required_parameter");
            if (blob.Data is null)
                return GatewayError.Invalid($"* GenerateContentRequest.{at}.inlineData.data: data is not specified", $"{at}.inlineData.data", "missing_required_parameter");
        }
        if (part.FileData is { } file && string.IsNullOrEmpty(file.FileUri))
            return GatewayError.Invalid($"* GenerateContentRequest.{at}.fileData.fileUri: fileUri is not specified", $"{at}.fileData.fileUri", "missing_required_parameter");
        return null;
    }

    private static GatewayError? ValidateTools(GenerateContentRequest r)
    {
        var tools = r.Tools ?? [];
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not { } tool) return GatewayError.Invalid($"Invalid value at 'tools[{i}]': expected an object.", $"tools[{i}]", "invalid_type");
            var declarations = tool.FunctionDeclarations ?? [];
            for (var j = 0; j < declarations.Count; j++)
            {
                var at = $"tools[{i}].functionDeclarations[{j}]";
                if (declarations[j] is not { } declaration) return GatewayError.Invalid($"Invalid value at '{at}': expected an object.", at, "invalid_type");
                if (string.IsNullOrEmpty(declaration.Name))
                    return GatewayError.Invalid($"* GenerateContentRequest.{at}.name: Name cannot be empty.", $"{at}.name", "missing_required_parameter");
            }
        }
        return null;
    }

    private static GatewayError? ValidateToolConfig(ToolConfig? config)
    {
        if (config?.FunctionCallingConfig?.Mode is not { } mode || Array.IndexOf(Modes, mode) >= 0) return null;
        return GatewayError.Invalid(
            $"Invalid value at 'toolConfig.functionCallingConfig.mode': \"{Truncate(mode)}\". Supported values are AUTO, ANY, NONE and VALIDATED.",
            "toolConfig.functionCallingConfig.mode", "invalid_value");
    }

    private static GatewayError? ValidateThinking(ThinkingConfig? thinking)
    {
        if (thinking is not { ThinkingBudget: not null, ThinkingLevel: not null }) return null;
        return GatewayError.Invalid(
            "You can only set one of thinking budget and thinking level.",
            "generationConfig.thinkingConfig", "invalid_value");
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
