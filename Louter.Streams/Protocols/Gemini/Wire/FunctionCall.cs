using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// A call the model makes, always whole (Gemini does not stream arguments). <see cref="Id"/> is
/// optional: the public API usually omits it.
/// </summary>
public sealed class FunctionCall
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public JsonElement? Args { get; set; }
}
