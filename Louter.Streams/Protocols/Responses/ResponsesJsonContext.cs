using System.Text.Json.Serialization;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>Source-generated (de)serializers for the OpenAI Responses wire records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ResponsesRequest))]
[JsonSerializable(typeof(List<ResponseItem>))]
[JsonSerializable(typeof(List<ContentPart>))]
[JsonSerializable(typeof(ToolChoiceObject))]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponsesEvent))]
[JsonSerializable(typeof(ResponseDeleted))]
public sealed partial class ResponsesJsonContext : JsonSerializerContext;

/// <summary>The context Louter writes with: no HTML-safe escaping of model text (see OpenAIJson).</summary>
public static class ResponsesJson
{
    public static ResponsesJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions(ResponsesJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
