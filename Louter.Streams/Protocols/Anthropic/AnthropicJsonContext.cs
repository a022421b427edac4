using System.Text.Json.Serialization;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>Source-generated (de)serializers for the Anthropic Messages wire records.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(WireBlock))]
[JsonSerializable(typeof(ToolParam))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(StreamEventData))]
[JsonSerializable(typeof(MessageStartEvent))]
[JsonSerializable(typeof(ContentBlockStartEvent))]
[JsonSerializable(typeof(ContentBlockDeltaEvent))]
[JsonSerializable(typeof(ContentBlockStopEvent))]
[JsonSerializable(typeof(MessageDeltaEvent))]
[JsonSerializable(typeof(MessageStopEvent))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(UsageProbe))]
[JsonSerializable(typeof(CountTokensRequest))]
[JsonSerializable(typeof(CountTokensResponse))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelInfo))]
public sealed partial class AnthropicJsonContext : JsonSerializerContext;
