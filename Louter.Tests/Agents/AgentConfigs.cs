namespace Louter.Tests.Agents;

/// <summary>
/// How each agent CLI is pointed at Louter and kept offline, headless and free of side traffic
/// (telemetry, update checks, usage statistics, IDE and MCP discovery, background model calls).
/// scripts/agents-demo.sh sets the same things; README.md ("Agent CLIs through Louter") lists them.
/// </summary>
public static class AgentConfigs
{
    public const string GeminiModel = "gemini-louter-agent";
    public const string QwenModel = "qwen3-coder-louter-agent";
    /// <summary>A name Codex 0.171 has no metadata for: it falls back to plain function tools declared in <c>tools</c>.</summary>
    public const string CodexModel = "gpt-5-codex";

    /// <summary>
    /// Codex 0.171's default model. For it Codex runs "code mode": its tools are declared in an
    /// <c>additional_tools</c> input item, and the model acts through one freeform custom tool,
    /// <c>exec</c>, whose input is JavaScript calling the nested tools (<c>tools.exec_command(…)</c>).
    /// </summary>
    public const string CodexDefaultModel = "gpt-6.2-sol";

    // ── Claude Code ──

    /// <summary>Claude Code with its own default model (claude-opus-5-5 in 2.1.332): Louter's catch-all backend takes any name.</summary>
    public static IReadOnlyList<string> ClaudeArgs(string prompt) =>
    [
        "-p", prompt,
        "--output-format", "text",
        // Reading a file in the working directory needs no permission; allow it explicitly anyway,
        // so a stricter default in a later version cannot turn the call into a denial.
        "--allowedTools", "Read",
        "--strict-mcp-config",
        "--no-session-persistence",
    ];

    public static IReadOnlyDictionary<string, string> ClaudeEnv(string louterUrl) => new Dictionary<string, string>
    {
        ["ANTHROPIC_BASE_URL"] = louterUrl,
        ["ANTHROPIC_API_KEY"] = "sk-ant-louter-test",
        // One switch for autoupdater, telemetry, error reporting and feedback; the rest spelled out.
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_AUTOUPDATER"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["DISABLE_ERROR_REPORTING"] = "1",
        ["CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY"] = "1",
        ["CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL"] = "1",
    };

    // ── gemini-cli ──

    /// <param name="model">null: gemini-cli's default, "auto" model routing (a classifier request picks the model first).</param>
    public static IReadOnlyList<string> GeminiArgs(string prompt, string? model = GeminiModel) =>
    [
        "-p", prompt,
        .. model is null ? Array.Empty<string>() : ["-m", model],
        "--output-format", "text",
    ];

    public static IReadOnlyDictionary<string, string> GeminiEnv(string louterUrl) => new Dictionary<string, string>
    {
        ["GOOGLE_GEMINI_BASE_URL"] = louterUrl,
        ["GEMINI_API_KEY"] = "louter-test-key",
        ["GEMINI_TELEMETRY_ENABLED"] = "false",
        ["GEMINI_CLI_TRUST_WORKSPACE"] = "true",
        ["GEMINI_SANDBOX"] = "false",
    };

    /// <summary>~/.gemini/settings.json (HOME is the scenario's own).</summary>
    public const string GeminiSettings = """
        {
          "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false, "checkpointing": { "enabled": false } },
          "privacy": { "usageStatisticsEnabled": false },
          "telemetry": { "enabled": false },
          "ide": { "enabled": false },
          "security": { "auth": { "selectedType": "gemini-api-key" }, "folderTrust": { "enabled": false } },
          "model": { "skipNextSpeakerCheck": true, "disableLoopDetection": true },
          "tools": { "useRipgrep": false },
          "experimental": { "extensionRegistry": false },
          "ui": { "hideBanner": true, "hideTips": true }
        }
        """;

    public static void WriteGeminiSettings(AgentScenario s) => s.WriteHomeFile(".gemini/settings.json", GeminiSettings);

    // ── Qwen Code ──

    public static IReadOnlyList<string> QwenArgs(string prompt) =>
    [
        "-p", prompt,
        "--output-format", "text",
        "--auth-type", "openai",
        "--chat-recording", "false",
    ];

    /// <summary>Qwen Code speaks OpenAI: its base URL includes /v1.</summary>
    public static IReadOnlyDictionary<string, string> QwenEnv(string louterUrl) => new Dictionary<string, string>
    {
        ["OPENAI_BASE_URL"] = louterUrl + "/v1",
        ["OPENAI_API_KEY"] = "sk-louter-test",
        ["OPENAI_MODEL"] = QwenModel,
        ["QWEN_USAGE_STATISTICS_ENABLED"] = "false",
    };

    /// <summary>
    /// ~/.qwen/settings.json. The managed auto-memory and "dream" agents would send extra model
    /// requests after the turn; tool-use summaries too.
    /// </summary>
    public const string QwenSettings = """
        {
          "general": { "enableAutoUpdate": false },
          "privacy": { "usageStatisticsEnabled": false },
          "telemetry": { "enabled": false },
          "ide": { "enabled": false },
          "memory": { "enableManagedAutoMemory": false, "enableManagedAutoDream": false },
          "model": { "skipNextSpeakerCheck": true, "skipLoopDetection": true },
          "experimental": { "emitToolUseSummaries": false },
          "tools": { "useRipgrep": false }
        }
        """;

    public static void WriteQwenSettings(AgentScenario s) => s.WriteHomeFile(".qwen/settings.json", QwenSettings);

    // ── Codex ──

    /// <summary>
    /// <c>codex exec</c>: headless, one turn, then exit. Outside a git repository on purpose (the
    /// work directory is a temp dir); <c>--ephemeral</c> keeps no session files; read-only sandbox
    /// (its bundled bubblewrap), which is all <c>cat</c> needs; <c>--strict-config</c> so a key this
    /// version does not know fails the run instead of silently leaving a feature on.
    /// </summary>
    /// <param name="model">null: Codex's own default model (one it knows: see <see cref="CodexDefaultModel"/>).</param>
    public static IReadOnlyList<string> CodexArgs(string prompt, string? model = CodexModel) =>
    [
        "exec",
        "--strict-config",
        "--skip-git-repo-check",
        "--ephemeral",
        "--sandbox", "read-only",
        .. model is null ? Array.Empty<string>() : ["-m", model],
        prompt,
    ];

    /// <summary>CODEX_HOME is the scenario's own (it must exist before Codex starts); the key is what the provider's env_key names.</summary>
    public static IReadOnlyDictionary<string, string> CodexEnv(AgentScenario s) => new Dictionary<string, string>
    {
        ["CODEX_HOME"] = Path.Combine(s.Home, ".codex"),
        ["OPENAI_API_KEY"] = "sk-louter-test",
    };

    /// <summary>
    /// $CODEX_HOME/config.toml: a custom provider speaking Responses to Louter's /v1. Codex speaks
    /// only Responses (it refuses <c>wire_api = "chat"</c>). No retries, so a stream Codex cannot
    /// parse fails the run at once instead of after its backoff. Off: the update check, analytics,
    /// feedback and OpenTelemetry export, and the features that reach the network on their own at
    /// start — plugins (a git clone of github.com/openai/plugins), remote plugins and apps
    /// (chatgpt.com). With these, strace shows no connection but the one to Louter.
    /// </summary>
    public static string CodexConfig(string louterUrl) => $$"""
        model_provider = "louter"
        check_for_update_on_startup = false

        [model_providers.louter]
        name = "Louter"
        base_url = "{{louterUrl}}/v1"
        wire_api = "responses"
        env_key = "OPENAI_API_KEY"
        request_max_retries = 0
        stream_max_retries = 0

        [analytics]
        enabled = false

        [feedback]
        enabled = false

        [otel]
        exporter = "none"
        trace_exporter = "none"
        metrics_exporter = "none"

        [features]
        plugins = false
        remote_plugin = false
        apps = false
        """;

    public static void WriteCodexConfig(AgentScenario s) => s.WriteHomeFile(".codex/config.toml", CodexConfig(s.LouterUrl));
}
