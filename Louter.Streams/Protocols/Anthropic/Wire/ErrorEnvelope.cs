namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>An Anthropic error body, and the data of an in-stream <c>error</c> event: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
public sealed class ErrorEnvelope
{
    public string Type { get; set; } = "error";
    public ErrorBody? Error { get; set; }
}
