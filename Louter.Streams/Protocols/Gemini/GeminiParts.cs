using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// One Gemini part → canonical blocks, for both the client's history and a backend's answer.
/// Function calls and responses need ids and pairing, which the callers own; everything else maps
/// here. A thoughtSignature on a plain text part has no canonical slot: it travels as an
/// <see cref="OpaqueBlock"/> right after its text, so a Gemini backend gets it back on the same part.
/// </summary>
public static class GeminiParts
{
    public const string Provider = "gemini";
    public const string SignatureKind = "thoughtSignature";
    public const string ExecutableCodeKind = "executableCode";
    public const string CodeExecutionResultKind = "codeExecutionResult";

    /// <summary>Appends the blocks for a part that is not a function call or response.</summary>
    public static void AppendBlocks(Part part, List<ContentBlock> blocks)
    {
        if (part.Thought == true)
        {
            blocks.Add(new ThinkingBlock(part.Text ?? "") { Signature = part.ThoughtSignature });
            return;
        }

        if (part.Text is { } text)
        {
            if (text.Length > 0) blocks.Add(new TextBlock(text));
        }
        else if (part.InlineData is { } blob)
        {
            blocks.Add(GeminiMedia.FromInline(blob));
        }
        else if (part.FileData is { } file)
        {
            blocks.Add(GeminiMedia.FromFile(file));
        }
        else if (part.ExecutableCode is { } code)
        {
            blocks.Add(new OpaqueBlock(Provider, ExecutableCodeKind, code));
        }
        else if (part.CodeExecutionResult is { } result)
        {
            blocks.Add(new OpaqueBlock(Provider, CodeExecutionResultKind, result));
        }

        if (part.ThoughtSignature is { } signature) blocks.Add(SignatureBlock(signature));
    }

    public static OpaqueBlock SignatureBlock(string signature) =>
        new(Provider, SignatureKind, JsonSerializer.SerializeToElement(signature, GeminiJsonContext.Default.String));

    /// <summary>A functionCall part → a tool use, keeping the part's signature with the call.</summary>
    public static ToolUseBlock ToolUse(Part part, string id) =>
        new(id, part.FunctionCall!.Name ?? "", ArgumentsJson(part.FunctionCall.Args)) { ThoughtSignature = part.ThoughtSignature };

    /// <summary>The arguments object as JSON text; a call without args has "{}".</summary>
    public static string ArgumentsJson(JsonElement? args) =>
        args is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } a ? a.GetRawText() : "{}";

    /// <summary>
    /// A function response's content. Gemini's guidance is <c>{"output": …}</c> or <c>{"error": …}</c>,
    /// and gateways wrap plain text as <c>{"result": …}</c>: a single such key holding a string is
    /// unwrapped to that text (and "error" marks the result as an error); any other object is
    /// passed on as its JSON text.
    /// </summary>
    public static ToolResultBlock ToolResult(FunctionResponse response, string toolUseId)
    {
        var (text, isError) = ResultText(response.Response);
        return new ToolResultBlock(toolUseId, [new TextBlock(text)]) { Name = response.Name, IsError = isError };
    }

    private static (string Text, bool IsError) ResultText(JsonElement? response)
    {
        if (response is not { ValueKind: JsonValueKind.Object } obj)
            return (response is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } v ? v.GetRawText() : "", false);

        using var properties = obj.EnumerateObject();
        if (!properties.MoveNext()) return ("{}", false);
        var only = properties.Current;
        if (properties.MoveNext()) return (obj.GetRawText(), false);

        var isError = only.NameEquals("error");
        if (!isError && !only.NameEquals("result") && !only.NameEquals("output")) return (obj.GetRawText(), false);
        return (only.Value.ValueKind == JsonValueKind.String ? only.Value.GetString()! : only.Value.GetRawText(), isError);
    }
}
