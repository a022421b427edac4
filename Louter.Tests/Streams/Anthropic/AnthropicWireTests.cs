using System.Text;
using System.Text.Json;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Anthropic.Wire;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicWireTests
{
    [Fact]
    public void ModelList_IsWrittenInAnthropicsShape()
    {
        var list = new ModelList
        {
            Data = [new ModelInfo { Id = "claude-sonnet-4-5", DisplayName = "Claude Sonnet 4.5", CreatedAt = "2025-09-29T00:00:00Z" }],
            FirstId = "claude-sonnet-4-5",
            LastId = "claude-sonnet-4-5",
        };

        Assert.Equal(
            """{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"}""",
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(list, AnthropicJson.Writer.ModelList)));
    }

    [Fact]
    public void ModelList_Empty_WritesNullFirstAndLastIds()
    {
        Assert.Equal("""{"data":[],"has_more":false,"first_id":null,"last_id":null}""",
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new ModelList(), AnthropicJson.Writer.ModelList)));
    }

    [Fact]
    public void CountTokensResponse_IsInputTokensOnly()
    {
        Assert.Equal("""{"input_tokens":42}""",
            Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(new CountTokensResponse { InputTokens = 42 }, AnthropicJson.Writer.CountTokensResponse)));
    }

    [Fact]
    public void MessagesRequest_WrittenBack_KeepsRawBlocksAndServerToolsVerbatim()
    {
        var (request, _) = MessagesRequestDecoder.Decode(AnthropicFixtures.Bytes(AnthropicFixtures.RequestFull));

        var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(request!, AnthropicJson.Writer.MessagesRequest)).RootElement;
        using var original = JsonDocument.Parse(AnthropicFixtures.Bytes(AnthropicFixtures.RequestFull));

        Assert.True(JsonElement.DeepEquals(original.RootElement.GetProperty("tools")[2], json.GetProperty("tools")[2]));
        Assert.True(JsonElement.DeepEquals(original.RootElement.GetProperty("messages")[2].GetProperty("content")[1], json.GetProperty("messages")[2].GetProperty("content")[1]));
        Assert.True(JsonElement.DeepEquals(original.RootElement.GetProperty("messages")[3], json.GetProperty("messages")[3]));
    }
}
