namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>The body of a Gemini error: <c>{"error":{"code","message","status","details"}}</c>.</summary>
public sealed class GeminiErrorEnvelope
{
    public GeminiError? Error { get; set; }
}
