namespace Louter.Tests.Agents;

/// <summary>What the scripted model did with one request.</summary>
public enum TurnKind
{
    /// <summary>No tool result yet: answered with a call to the scripted tool.</summary>
    ToolCall,
    /// <summary>A tool result was present: answered with text quoting it.</summary>
    Final,
    /// <summary>A model request outside the scripted turn (no such tool declared): answered "OK.", or a JSON object built from the requested schema.</summary>
    Side,
    /// <summary>Refused with 400, as the real server would (a schema that is not valid JSON Schema).</summary>
    Rejected,
    /// <summary>Not a generation request (count_tokens, a model list, an unknown path).</summary>
    Other,
}
