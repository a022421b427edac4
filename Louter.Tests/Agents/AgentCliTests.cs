using Louter.Streams.Canonical;
using Xunit;

namespace Louter.Tests.Agents;

/// <summary>
/// The agent CLIs people run, headless, complete a tool-using turn through Louter against a backend
/// of another protocol than their own (README.md, "Agent CLIs through Louter"):
/// <list type="bullet">
/// <item>Claude Code (Anthropic Messages) → OpenAI, OpenAI with XML tool calls, Gemini</item>
/// <item>gemini-cli (Gemini) → Anthropic, OpenAI, OpenAI with XML tool calls</item>
/// <item>Qwen Code (OpenAI Chat) → OpenAI with XML tool calls, Gemini, Anthropic</item>
/// <item>Codex (OpenAI Responses) → OpenAI, Anthropic, Gemini, OpenAI with XML tool calls</item>
/// </list>
/// Each test skips, saying why, when its CLI is not installed under Louter.Tests/node/node_modules
/// (CI installs them). The tests of this class run one after another: each CLI is a heavy Node process.
/// </summary>
public sealed class AgentCliTests
{
    private const string Prompt = "Read the file note.txt in the current directory and tell me what it says.";

    /// <summary>The CLI gets this long; a run takes a few seconds, the whole test stays under a minute.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(50);

    private static string Cli(string name)
    {
        var path = AgentCli.Find(name, out var reason);
        if (path is null) Assert.Skip(reason);
        return path;
    }

    /// <summary>"openai", "openai-xml" (tool_format = "xml"), "anthropic" or "gemini"; the tool takes the file's absolute path as file_path.</summary>
    private static Task<AgentScenario> Start(string backend, string tool) =>
        Start(backend, tool, file => new Dictionary<string, string> { ["file_path"] = file });

    private static Task<AgentScenario> Start(string backend, string tool, Func<string, IReadOnlyDictionary<string, string>> arguments) => backend switch
    {
        "openai" => AgentScenario.StartAsync(UpstreamProtocol.OpenAI, tool, arguments),
        "openai-xml" => AgentScenario.StartAsync(UpstreamProtocol.OpenAI, tool, arguments, xmlToolCalls: true),
        "anthropic" => AgentScenario.StartAsync(UpstreamProtocol.Anthropic, tool, arguments),
        "gemini" => AgentScenario.StartAsync(UpstreamProtocol.Gemini, tool, arguments),
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, null),
    };

    private static string UpstreamPath(string backend) => backend switch
    {
        "anthropic" => "/v1/messages",
        "gemini" => "/v1beta/models/",
        _ => "/v1/chat/completions",
    };

    [Theory]
    [InlineData("openai")]
    [InlineData("openai-xml")]
    [InlineData("gemini")]
    public async Task ClaudeCode_CompletesAToolTurn_ThroughLouter(string backend)
    {
        var claude = Cli("claude");
        await using var s = await Start(backend, "Read");

        var run = await s.RunAsync(claude, AgentConfigs.ClaudeArgs(Prompt), AgentConfigs.ClaudeEnv(s.LouterUrl), RunTimeout);

        s.AssertToolTurn(run, clientFrontend: "anthropic", UpstreamPath(backend));
        AssertXmlTurn(s, backend);
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    [InlineData("openai-xml")]
    public async Task GeminiCli_CompletesAToolTurn_ThroughLouter(string backend)
    {
        var gemini = Cli("gemini");
        await using var s = await Start(backend, "read_file");
        AgentConfigs.WriteGeminiSettings(s);

        var run = await s.RunAsync(gemini, AgentConfigs.GeminiArgs(Prompt), AgentConfigs.GeminiEnv(s.LouterUrl), RunTimeout);

        s.AssertToolTurn(run, clientFrontend: "gemini", UpstreamPath(backend));
        AssertXmlTurn(s, backend);
    }

    /// <summary>
    /// gemini-cli as installed, without -m: its "auto" model first asks a classifier model (JSON
    /// mode, with a response schema) which model should take the turn, then runs the turn on it.
    /// </summary>
    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task GeminiCli_WithDefaultModelRouting_CompletesAToolTurn_ThroughLouter(string backend)
    {
        var gemini = Cli("gemini");
        await using var s = await Start(backend, "read_file");
        AgentConfigs.WriteGeminiSettings(s);

        var run = await s.RunAsync(gemini, AgentConfigs.GeminiArgs(Prompt, model: null), AgentConfigs.GeminiEnv(s.LouterUrl), RunTimeout);

        s.AssertToolTurn(run, clientFrontend: "gemini", UpstreamPath(backend), sideRequests: true);
        // The classifier's request reached the backend in JSON mode and its answer served: no
        // "[Routing] NumericalClassifierStrategy failed" (its schema is typed "OBJECT", which an
        // OpenAI server refuses unless Louter lowers it).
        Assert.Contains(s.Upstream.ModelRequests, r => r.Kind == TurnKind.Side && r.AnswerText!.StartsWith('{'));
        Assert.DoesNotContain("[Routing]", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai-xml")]
    [InlineData("gemini")]
    [InlineData("anthropic")]
    public async Task QwenCode_CompletesAToolTurn_ThroughLouter(string backend)
    {
        var qwen = Cli("qwen");
        await using var s = await Start(backend, "read_file");
        AgentConfigs.WriteQwenSettings(s);

        var run = await s.RunAsync(qwen, AgentConfigs.QwenArgs(Prompt), AgentConfigs.QwenEnv(s.LouterUrl), RunTimeout);

        s.AssertToolTurn(run, clientFrontend: "openai", UpstreamPath(backend));
        AssertXmlTurn(s, backend);
    }

    /// <summary>
    /// Codex speaks only the Responses API: every turn is stateless (store: false, the whole
    /// history), with developer messages, a namespace tool group and a hosted web_search tool
    /// beside its function tools. It has no file-read tool; it reads files by running a shell
    /// command, so the model calls exec_command with <c>cat note.txt</c>.
    /// </summary>
    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    [InlineData("openai-xml")]
    public async Task Codex_CompletesAToolTurn_ThroughLouter(string backend)
    {
        var codex = Cli("codex");
        await using var s = await Start(backend, "exec_command", _ => new Dictionary<string, string> { ["cmd"] = "cat " + AgentScenario.FileName });
        AgentConfigs.WriteCodexConfig(s);

        var run = await s.RunAsync(codex, AgentConfigs.CodexArgs(Prompt), AgentConfigs.CodexEnv(s), RunTimeout);

        s.AssertToolTurn(run, clientFrontend: "responses", UpstreamPath(backend));
        AssertXmlTurn(s, backend);
    }

    /// <summary>
    /// Codex with its default model, as most people run it (Louter maps the name to any backend):
    /// code mode. No top-level tools; an additional_tools item declares namespace groups, among them
    /// the freeform custom tool exec (JavaScript, with a Lark grammar). The model writes a script that
    /// runs cat through the nested exec_command tool; Louter answers it as a custom_tool_call in the
    /// functions namespace, and the script's output comes back as a custom_tool_call_output.
    /// </summary>
    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task Codex_WithItsDefaultModel_CompletesACodeModeToolTurn_ThroughLouter(string backend)
    {
        var codex = Cli("codex");
        const string script = "const r = await tools.exec_command({ cmd: \"cat " + AgentScenario.FileName + "\" });\ntext(r.output);";
        await using var s = await Start(backend, "exec", _ => new Dictionary<string, string> { ["input"] = script });
        AgentConfigs.WriteCodexConfig(s);

        var run = await s.RunAsync(codex, AgentConfigs.CodexArgs(Prompt, model: null), AgentConfigs.CodexEnv(s), RunTimeout);

        s.AssertToolTurn(run, clientFrontend: "responses", UpstreamPath(backend));
        // The backend got the tools of the additional_tools item, exec as a function taking the script as one string.
        var call = s.Upstream.ModelRequests[0].Canonical!;
        Assert.Equal(AgentConfigs.CodexDefaultModel, call.Model);
        var exec = call.Tools.Single(t => t.Name == "exec");
        Assert.Equal(["input"], exec.InputSchema!.Value.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    /// <summary>
    /// With tool_format = "xml" the model wrote the call as text; the agent got a real tool call
    /// (it ran the tool), and the history went back to the backend structured: an assistant
    /// tool_calls entry and a role "tool" message (the server's chat template renders them), with
    /// no XML left in any assistant text.
    /// </summary>
    private static void AssertXmlTurn(AgentScenario s, string backend)
    {
        if (backend != "openai-xml") return;
        var (call, final) = (s.Upstream.ModelRequests[0], s.Upstream.ModelRequests[1]);
        Assert.Contains("<tool_call>", call.AnswerText, StringComparison.Ordinal);
        Assert.Null(call.IssuedCallId);
        Assert.Contains("\"tool_calls\"", final.BodyText, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"tool\"", final.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain(final.Canonical!.Messages.Where(m => m.Role == ChatRole.Assistant).SelectMany(m => m.Content),
            b => b is TextBlock t && t.Text.Contains("<tool_call>", StringComparison.Ordinal));
    }
}
