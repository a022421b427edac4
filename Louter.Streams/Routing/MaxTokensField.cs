namespace Louter.Streams.Routing;

/// <summary>Which name an OpenAI-protocol backend wants for the output-token limit.</summary>
public enum MaxTokensFieldName
{
    /// <summary>"max_tokens": local servers (llama.cpp, vLLM, Ollama) and older OpenAI models.</summary>
    MaxTokens,

    /// <summary>"max_completion_tokens": newer OpenAI models reject "max_tokens".</summary>
    MaxCompletionTokens,
}
