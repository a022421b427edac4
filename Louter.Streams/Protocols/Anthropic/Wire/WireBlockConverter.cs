using System.Text.Json.Serialization;
using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>One content block (content_block_start's <c>content_block</c>), typed or raw like the list.</summary>
public sealed class WireBlockConverter : JsonConverter<WireBlock>
{
    public override WireBlock? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        WireBlockListConverter.ReadOne(ref reader, options);

    public override void Write(Utf8JsonWriter writer, WireBlock value, JsonSerializerOptions options) =>
        WireBlockListConverter.WriteOne(writer, value, options);
}
