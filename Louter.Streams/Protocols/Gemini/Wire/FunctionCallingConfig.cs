namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary><c>mode</c>: AUTO | ANY | NONE | VALIDATED (MODE_UNSPECIFIED = AUTO).</summary>
public sealed class FunctionCallingConfig
{
    public string? Mode { get; set; }
    public List<string>? AllowedFunctionNames { get; set; }
}
