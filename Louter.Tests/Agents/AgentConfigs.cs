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
}
