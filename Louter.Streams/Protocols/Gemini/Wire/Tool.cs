using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// One entry of <c>tools</c>. Function declarations are typed; every other tool kind (googleSearch,
/// codeExecution, urlContext, …) is kept verbatim in <see cref="Other"/>.
/// </summary>
public sealed class Tool
{
    public List<FunctionDeclaration>? FunctionDeclarations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
