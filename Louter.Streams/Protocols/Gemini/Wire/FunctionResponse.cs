using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// A function's result. <see cref="Response"/> must be a JSON object (a plain value is wrapped as
/// <c>{"result": …}</c>; Gemini's guidance names "output" and "error" keys).
/// </summary>
public sealed class FunctionResponse
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public JsonElement? Response { get; set; }
}
