using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Louter.Benchmarks.Load;

/// <summary>A started Portkey gateway and how to address it.</summary>
internal sealed record PortkeyTarget(ChildProcess Child, Target Target);

/// <summary>
/// Portkey's open-source gateway (<c>@portkey-ai/gateway</c>, pinned in
/// <c>Louter.Benchmarks/portkey/package.json</c> with <c>@hono/node-server</c> overridden to 1.13.8:
/// newer versions fail its streaming with <c>TypeError: immutable</c>). Started with Node as
/// <c>start-server.js --port=N --headless</c>, held on 127.0.0.1 by <c>loopback.cjs</c>, and routed
/// to the mock per request by its headers (<c>x-portkey-provider: openai</c> plus a custom host).
/// Installed with npm on a full run when missing; a quick run uses it only if already installed.
/// </summary>
internal static class PortkeyProcess
{
    private static string Metadata(string key) =>
        typeof(PortkeyProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    public static async Task<(PortkeyTarget? Process, string Reason)> TryStartAsync(HttpClient http, Uri mock, bool quick, CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(Metadata("PortkeyDir"));
        var server = Path.Combine(dir, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
        var node = NodeBinary();
        if (node is null) return (null, "no Node.js found (Louter.Tests/node/node_modules/.bin/node or node on PATH)");
        if (!File.Exists(server))
        {
            if (quick) return (null, $"not installed (quick mode does not install it: npm ci --prefix {dir})");
            var (installed, why) = await NpmInstallAsync(dir, cancellationToken);
            if (!installed) return (null, why);
        }

        var port = ChildProcess.FreePort();
        var child = ChildProcess.Start("portkey", node, ["--require", Path.Combine(dir, "loopback.cjs"), server, $"--port={port}", "--headless"],
            new Dictionary<string, string> { ["NODE_ENV"] = "production" }, workingDirectory: dir);
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            await child.WaitReadyAsync(http, baseUrl, TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await child.DisposeAsync();
            return (null, "did not start: " + e.Message.ReplaceLineEndings(" "));
        }
        var headers = new Dictionary<string, string>
        {
            ["x-portkey-provider"] = "openai",
            ["x-portkey-custom-host"] = $"{mock}v1",
            ["Authorization"] = "Bearer bench",
        };
        return (new PortkeyTarget(child, new Target(Target.Portkey, baseUrl, ClientProtocol.OpenAIChat, headers)), "");
    }

    private static string? NodeBinary()
    {
        var repoNode = Path.GetFullPath(Path.Combine(Metadata("RepoRoot"), "Louter.Tests", "node", "node_modules", ".bin", "node"));
        if (File.Exists(repoNode)) return repoNode;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
    }

    private static async Task<(bool, string)> NpmInstallAsync(string dir, CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, _, stderr) = await ChildProcess.RunToEndAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5), cancellationToken, dir);
            return exitCode == 0 ? (true, "") : (false, $"npm ci failed ({exitCode.ToString(CultureInfo.InvariantCulture)}): {stderr.ReplaceLineEndings(" ")}");
        }
        catch (TimeoutException)
        {
            return (false, "npm ci timed out after 5 minutes");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, "npm not found: " + e.Message);
        }
    }
}
