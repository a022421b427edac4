using System.Text.Json;
using System.Text.Json.Serialization;
using Louter.Streams.Protocols.OpenAI;

namespace Louter.Streams.Protocols.Responses.Wire;

/// <summary>
/// A tool declaration: <c>function</c> (name, description, parameters, strict — flat, not nested
/// under "function" as in Chat), <c>custom</c> (freeform: name, description, format — text or a
/// grammar), <c>namespace</c> (a named group of tools), or a hosted tool (<c>web_search</c>,
/// <c>file_search</c>, <c>code_interpreter</c>, …) whose fields are kept in <see cref="Extra"/>.
/// </summary>
public sealed class ResponsesTool
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? Parameters { get; set; }
    public bool? Strict { get; set; }
    public CustomToolFormat? Format { get; set; }

    /// <summary>namespace: the tools of the group.</summary>
    public List<ResponsesTool?>? Tools { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A custom tool's input format: <c>{"type":"text"}</c> or <c>{"type":"grammar","syntax":"lark"|"regex","definition":…}</c>.</summary>
public sealed class CustomToolFormat
{
    public string? Type { get; set; }
    public string? Syntax { get; set; }
    public string? Definition { get; set; }
}

/// <summary>
/// <c>tool_choice</c>: "auto" | "none" | "required", or an object: <c>{"type":"function","name"}</c>,
/// <c>{"type":"custom","name"}</c>, <c>{"type":"allowed_tools","mode","tools"}</c>, or a hosted tool type.
/// </summary>
[JsonConverter(typeof(ResponsesToolChoiceConverter))]
public sealed class ResponsesToolChoice
{
    /// <summary>The string form.</summary>
    public string? Mode { get; init; }
    public ToolChoiceObject? Object { get; init; }
}

public sealed class ToolChoiceObject
{
    public string? Type { get; set; }
    public string? Name { get; set; }

    /// <summary>allowed_tools: auto | required.</summary>
    public string? Mode { get; set; }
    public List<ResponsesTool?>? Tools { get; set; }
}

public sealed class ResponsesToolChoiceConverter : JsonConverter<ResponsesToolChoice>
{
    public override ResponsesToolChoice? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new ResponsesToolChoice { Mode = reader.GetString() },
        JsonTokenType.StartObject => new ResponsesToolChoice { Object = JsonErrors.Nested(ref reader, ResponsesJsonContext.Default.ToolChoiceObject) },
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, ResponsesToolChoice value, JsonSerializerOptions options)
    {
        if (value.Object is not null) JsonSerializer.Serialize(writer, value.Object, ResponsesJsonContext.Default.ToolChoiceObject);
        else writer.WriteStringValue(value.Mode ?? "auto");
    }
}
