namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>The fields a trace wants from a relayed answer or chunk: which model answered, and why each choice stopped.</summary>
public sealed class ChatTraceProbe
{
    public string? Model { get; set; }
    public List<ChoiceFinishProbe>? Choices { get; set; }
}

public sealed class ChoiceFinishProbe
{
    public string? FinishReason { get; set; }
}
