namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>output_config, where the GA structured-output format lives.</summary>
public sealed class OutputConfigParam
{
    public OutputFormatParam? Format { get; set; }
}
