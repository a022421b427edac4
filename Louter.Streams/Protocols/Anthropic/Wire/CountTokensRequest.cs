using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>POST /v1/messages/count_tokens: the Messages body without the generation settings (no max_tokens).</summary>
public sealed class CountTokensRequest
{
    public string? Model { get; set; }
    public List<MessageParam?>? Messages { get; set; }
    public MessageContent? System { get; set; }

    [JsonConverter(typeof(ToolListConverter))]
    public List<ToolParam?>? Tools { get; set; }

    public ToolChoiceParam? ToolChoice { get; set; }
    public ThinkingParam? Thinking { get; set; }

    /// <summary>The same content as a Messages request, so one mapper and one validator serve both.</summary>
    public MessagesRequest AsMessagesRequest() => new()
    {
        Model = Model,
        Messages = Messages,
        System = System,
        Tools = Tools,
        ToolChoice = ToolChoice,
        Thinking = Thinking,
    };
}
