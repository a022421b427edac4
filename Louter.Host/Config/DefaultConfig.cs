namespace Louter.Host.Config;

/// <summary>
/// The configuration used when no file is given: default server settings, a mock backend,
/// and one real backend for each provider whose key is in the environment.
/// </summary>
/// <remarks>
/// How model names are shared out: each real provider maps a handful of its own well-known model
/// ids to themselves, and the mock has no mapping, which means it serves any model name. So
/// <c>gpt-4o</c> goes to OpenAI when OPENAI_API_KEY is set, and any name no real backend claims
/// (including <c>louter-mock</c>, the one model the mock lists) goes to the mock. This relies on
/// routing preferring a backend that names the model in its mapping over a catch-all backend;
/// priorities are left at their defaults. To use other provider models, write a config file.
/// </remarks>
public static class DefaultConfig
{
    public const string MockModel = "louter-mock";

    public static readonly IReadOnlyList<string> OpenAIModels =
        ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o3", "o4-mini", "gpt-5", "gpt-5-mini"];

    public static readonly IReadOnlyList<string> AnthropicModels =
        ["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"];

    public static readonly IReadOnlyList<string> GeminiModels =
        ["gemini-2.5-flash", "gemini-2.5-pro"];

    /// <summary>Builds the default. <paramref name="env"/> is consulted for OPENAI_API_KEY, ANTHROPIC_API_KEY and GEMINI_API_KEY (empty counts as unset).</summary>
    public static LouterConfig Create(Func<string, string?> env)
    {
        var backends = new List<BackendConfig>
        {
            new()
            {
                Name = "mock",
                Protocol = BackendProtocolKind.Mock,
                Models = [MockModel],
                ChunkDelay = TimeSpan.FromMilliseconds(20),
            },
        };

        if (Key(env, "OPENAI_API_KEY") is { } openAIKey)
        {
            backends.Add(new BackendConfig
            {
                Name = "openai",
                Url = "https://api.openai.com/v1",
                Protocol = BackendProtocolKind.OpenAI,
                ApiKey = openAIKey,
                ModelMapping = Identity(OpenAIModels),

                // OpenAI's reasoning models (o3, o4-mini, gpt-5) reject max_tokens:
                // "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
                MaxTokensField = MaxTokensField.MaxCompletionTokens,
            });
        }

        if (Key(env, "ANTHROPIC_API_KEY") is { } anthropicKey)
        {
            backends.Add(new BackendConfig
            {
                Name = "anthropic",
                Url = "https://api.anthropic.com",
                Protocol = BackendProtocolKind.Anthropic,
                ApiKey = anthropicKey,
                ModelMapping = Identity(AnthropicModels),
            });
        }

        if (Key(env, "GEMINI_API_KEY") is { } geminiKey)
        {
            backends.Add(new BackendConfig
            {
                Name = "gemini",
                Url = "https://generativelanguage.googleapis.com",
                Protocol = BackendProtocolKind.Gemini,
                ApiKey = geminiKey,
                ModelMapping = Identity(GeminiModels),
            });
        }

        return new LouterConfig { Backends = backends };
    }

    private static string? Key(Func<string, string?> env, string name) =>
        env(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static Dictionary<string, string> Identity(IEnumerable<string> models) =>
        models.ToDictionary(m => m, m => m, StringComparer.Ordinal);
}
