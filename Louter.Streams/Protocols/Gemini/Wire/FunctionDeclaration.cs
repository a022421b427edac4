using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// A function the model may call. <see cref="Parameters"/> is Gemini's OpenAPI-subset schema
/// (upper-case types, <c>nullable</c>); <see cref="ParametersJsonSchema"/> is standard JSON Schema.
/// A client sends one or the other.
/// </summary>
public sealed class FunctionDeclaration
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? Parameters { get; set; }
    public JsonElement? ParametersJsonSchema { get; set; }
}
