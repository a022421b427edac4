namespace Louter.Streams.Protocols.Gemini.Wire;

public sealed class ToolConfig
{
    public FunctionCallingConfig? FunctionCallingConfig { get; set; }
}
