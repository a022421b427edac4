using System.Text.Json;
using System.Text.Json.Serialization;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Source-generated (de)serializers for the Gemini wire records: camelCase out, nulls omitted.
/// Read client input through <see cref="GeminiJson.Reader"/>, which also accepts snake_case keys.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    // Proto3 JSON allows integers as strings ("maxOutputTokens": "100"), and Google's own clients send them for int64 fields.
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(GenerateContentRequest))]
[JsonSerializable(typeof(GenerateContentResponse))]
[JsonSerializable(typeof(GeminiErrorEnvelope))]
[JsonSerializable(typeof(GeminiChunkProbe))]
[JsonSerializable(typeof(CountTokensRequest))]
[JsonSerializable(typeof(CountTokensResponse))]
[JsonSerializable(typeof(GeminiModel))]
[JsonSerializable(typeof(GeminiModelList))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class GeminiJsonContext : JsonSerializerContext;
