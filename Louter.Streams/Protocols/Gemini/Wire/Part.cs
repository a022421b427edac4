using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// One part of a turn: exactly one data field (text, inlineData, fileData, functionCall,
/// functionResponse, executableCode, codeExecutionResult) plus the flags that may ride along
/// (<c>thought</c>, <c>thoughtSignature</c>).
/// </summary>
public sealed class Part
{
    public string? Text { get; set; }

    /// <summary>True on thought-summary parts (only sent when thinkingConfig.includeThoughts is on).</summary>
    public bool? Thought { get; set; }

    public Blob? InlineData { get; set; }
    public FileData? FileData { get; set; }
    public FunctionCall? FunctionCall { get; set; }
    public FunctionResponse? FunctionResponse { get; set; }

    /// <summary>Code-execution tool output: no canonical equivalent, kept raw.</summary>
    public JsonElement? ExecutableCode { get; set; }
    public JsonElement? CodeExecutionResult { get; set; }

    public JsonElement? VideoMetadata { get; set; }

    /// <summary>
    /// Opaque; must go back unchanged in the part it came on. Gemini 3 rejects a turn whose
    /// functionCall parts lack theirs ("Function call is missing a thought_signature"). Declared
    /// last so it is written after the data, as Gemini writes it.
    /// </summary>
    public string? ThoughtSignature { get; set; }
}
