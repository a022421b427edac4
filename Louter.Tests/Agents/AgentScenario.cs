using System.Text.Json;
using Louter.Host.Hosting;
using Louter.Streams.Canonical;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Louter.Tests.Agents;

/// <summary>
/// One agent turn through Louter: a working directory holding a file with a fresh proof string, a
/// scripted model of some protocol that calls the agent's file-read tool on it and then quotes the
/// result, and a Louter in front of that model. The proof appears nowhere but in the file, so when
/// the agent prints it, the agent really ran the tool and its result went back through Louter.
/// </summary>
public sealed class AgentScenario : IAsyncDisposable
{
    public const string FileName = "note.txt";

    private readonly CapturingLoggerProvider _logs;

    private AgentScenario(string root, string proof, ScriptedAgentUpstream upstream, LouterInstance louter, CapturingLoggerProvider logs)
    {
        Root = root;
        Proof = proof;
        Upstream = upstream;
        Louter = louter;
        _logs = logs;
    }

    public string Root { get; }
    public string WorkDir => Path.Combine(Root, "work");
    public string Home => Path.Combine(Root, "home");
    public string FilePath => Path.Combine(WorkDir, FileName);
    public string Proof { get; }
    public ScriptedAgentUpstream Upstream { get; }
    public LouterInstance Louter { get; }

    /// <summary>Louter's base URL without a trailing slash (ANTHROPIC_BASE_URL / GOOGLE_GEMINI_BASE_URL take it bare).</summary>
    public string LouterUrl => Louter.BaseUrl.ToString().TrimEnd('/');

    /// <param name="toolName">The agent's file-read tool, as it declares it.</param>
    /// <param name="pathArgument">That tool's argument for the (absolute) file path.</param>
    public static Task<AgentScenario> StartAsync(UpstreamProtocol protocol, string toolName, string pathArgument, bool xmlToolCalls = false) =>
        StartAsync(protocol, toolName, file => new Dictionary<string, string> { [pathArgument] = file }, xmlToolCalls);

    /// <param name="toolName">The agent's tool that reads the file, as it declares it.</param>
    /// <param name="toolArguments">That tool's arguments, given the file's absolute path.</param>
    public static async Task<AgentScenario> StartAsync(UpstreamProtocol protocol, string toolName, Func<string, IReadOnlyDictionary<string, string>> toolArguments, bool xmlToolCalls = false)
    {
        var root = Directory.CreateTempSubdirectory("louter-agent-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "work"));
        Directory.CreateDirectory(Path.Combine(root, "home"));
        var proof = "louter-proof-" + Guid.NewGuid().ToString("N")[..16];
        var file = Path.Combine(root, "work", FileName);
        await File.WriteAllTextAsync(file, $"The secret word is {proof}.\n");

        var upstream = await ScriptedAgentUpstream.StartAsync(protocol, toolName, toolArguments(file), xmlToolCalls);
        var logs = new CapturingLoggerProvider();
        var louter = await LouterInstance.StartAsync(upstream.BackendToml(), options: new LouterAppOptions
        {
            ConfigureLogging = b =>
            {
                b.SetMinimumLevel(LogLevel.Warning);
                b.AddFilter("Louter.Host.Hosting.GatewayRuntime", LogLevel.Information);
                b.AddProvider(logs);
            },
        });
        return new AgentScenario(root, proof, upstream, louter, logs);
    }

    /// <summary>Writes a settings file under the agent's HOME.</summary>
    public void WriteHomeFile(string relative, string text)
    {
        var path = Path.Combine(Home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Runs the CLI in the working directory; what it did goes to the test's output.</summary>
    public async Task<AgentRun> RunAsync(string cliPath, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout)
    {
        var run = await AgentCli.RunAsync(cliPath, args, env, WorkDir, Home, timeout, TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(Describe(run));
        return run;
    }

    /// <summary>Louter's one log line per exchange (frontend, model, backend, status, …).</summary>
    public IReadOnlyList<string> Exchanges => [.. _logs.Lines.Where(l => l.Contains("GatewayRuntime", StringComparison.Ordinal))];

    /// <summary>Everything a failed assertion should show.</summary>
    public string Describe(AgentRun run) =>
        run + "\n--- Louter ---\n" + string.Join("\n", Exchanges.Select(l => l.Split(" | ")[0]))
        + "\n--- upstream ---\n" + string.Join("\n", Upstream.Requests.Select(r => $"{r.Method} {r.PathAndQuery} → {r.Kind}{Detail(r)}"));

    /// <summary>For the final request: the call in the history Louter sent back, and the result's id.</summary>
    private static string Detail(AgentUpstreamRequest r)
    {
        if (r is not { Kind: TurnKind.Final, Canonical: { } request, ToolResult: { } result }) return "";
        var use = request.Messages.SelectMany(m => m.Content).OfType<ToolUseBlock>().LastOrDefault();
        return $" (history: {use?.Name}({use?.ArgumentsJson}) id={use?.Id}; tool_result for id={result.ToolUseId})";
    }

    /// <summary>
    /// The agent finished the turn, printed the proof, and the scripted model saw exactly two
    /// generation requests in its own protocol: the first without the proof (it could not know
    /// it), answered with the tool call; the second carrying the tool result for that call, with
    /// the proof in it. Louter logged each exchange as the CLI's frontend served by the backend.
    /// With <paramref name="sideRequests"/>, requests outside the turn (an agent's own side
    /// queries, such as gemini-cli's routing classifier) may come too, but none may be refused.
    /// </summary>
    public void AssertToolTurn(AgentRun run, string clientFrontend, string upstreamPath, bool sideRequests = false)
    {
        var context = Describe(run);
        Assert.False(run.TimedOut, "the agent did not finish in time\n" + context);
        Assert.True(run.ExitCode == 0, "the agent failed\n" + context);
        Assert.True(run.Stdout.Contains(ScriptedAgentUpstream.FinalPrefix, StringComparison.Ordinal) && run.Stdout.Contains(Proof, StringComparison.Ordinal),
            $"the agent's output lacks the final answer with the proof {Proof}\n" + context);

        // Louter answered every request the agent made: a refusal the agent works around (Claude
        // Code retries without its mid-conversation system messages) is still a broken contract.
        var refused = Exchanges.Where(l => l.Contains(";Status=", StringComparison.Ordinal) && !l.Contains(";Status=200;", StringComparison.Ordinal)).ToList();
        Assert.True(refused.Count == 0, "Louter refused a request of the agent\n" + string.Join("\n", refused.Select(l => l.Split(" | ")[0])) + "\n" + context);

        var all = Upstream.ModelRequests;
        Assert.True(all.All(r => r.Kind != TurnKind.Rejected), "the backend refused a request Louter sent\n" + context
            + "\n" + string.Join("\n", all.Where(r => r.Kind == TurnKind.Rejected).Select(r => r.AnswerText)));
        Assert.All(all, r => Assert.StartsWith(upstreamPath, r.PathAndQuery, StringComparison.Ordinal));
        var model = sideRequests ? [.. all.Where(r => r.Kind != TurnKind.Side)] : all;
        Assert.True(model.Count == 2, $"expected 2 model requests for the turn, got {model.Count}\n" + context);
        var (call, final) = (model[0], model[1]);
        Assert.Equal(TurnKind.ToolCall, call.Kind);
        Assert.Equal(TurnKind.Final, final.Kind);
        Assert.DoesNotContain(Proof, call.BodyText, StringComparison.Ordinal);

        // The second request carries the result of the call the model made, correlated by id.
        var result = final.ToolResult!;
        Assert.Contains(Proof, result.Text, StringComparison.Ordinal);
        Assert.Contains(Proof, final.BodyText, StringComparison.Ordinal);
        var use = final.Canonical!.Messages.Where(m => m.Role == ChatRole.Assistant).SelectMany(m => m.Content).OfType<ToolUseBlock>().Single();
        Assert.Equal(use.Id, result.ToolUseId);
        Assert.Equal(Upstream.ToolName, use.Name);
        // The arguments the model wrote went back unchanged (the agent may add its own).
        using (var arguments = JsonDocument.Parse(use.ArgumentsJson))
        {
            foreach (var (key, value) in Upstream.ToolArguments)
                Assert.True(arguments.RootElement.TryGetProperty(key, out var sent) && sent.ValueKind == JsonValueKind.String && sent.GetString() == value,
                    $"the call in the history lacks {key} = {value}: {use.ArgumentsJson}\n" + context);
        }
        if (call.IssuedCallId is { } issued)
            Assert.Equal(issued, use.Id);

        // Louter served both turns from the CLI's frontend through the scripted backend.
        var served = Exchanges.Where(l => l.Contains($"Frontend={clientFrontend};", StringComparison.Ordinal)
            && l.Contains("Backend=scripted;", StringComparison.Ordinal) && l.Contains("Status=200;", StringComparison.Ordinal)).ToList();
        Assert.True(served.Count >= model.Count, $"Louter logged {served.Count} {clientFrontend} exchanges served by the scripted backend\n" + context);
    }

    public async ValueTask DisposeAsync()
    {
        await Louter.DisposeAsync();
        await Upstream.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A CLI's leftover child may still hold a file; the temp directory is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
