namespace Louter.Streams.Routing;

/// <summary>The wire protocol a backend speaks.</summary>
public enum BackendProtocol
{
    OpenAI,
    OpenAIResponses,
    Anthropic,
    Gemini,

    /// <summary>Louter's built-in echo model: speaks OpenAI Chat in-process, no network.</summary>
    Mock,
}
