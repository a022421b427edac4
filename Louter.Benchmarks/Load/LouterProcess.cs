using System.Reflection;

namespace Louter.Benchmarks.Load;

/// <summary>
/// Starts Louter as users run it, in its own process — the built <c>louter</c> of the same
/// configuration, or with <c>--ready-to-run</c> a ReadyToRun publish (<see cref="PublishAsync"/>) —
/// with one OpenAI backend pointed at the mock. Persistence is
/// SQLite in a temporary folder, the response store is off and logging is at warn, so the run
/// measures the request path and not the console.
/// </summary>
internal static class LouterProcess
{
    public static string HostDll() =>
        typeof(LouterProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "LouterHostDll").Value!;

    /// <param name="observability">Request log (a JSON Lines file in the work folder) and tracing (every request, exported to the mock) on.</param>
    /// <param name="metrics">False: [metrics] enabled = false.</param>
    /// <summary>The built louter.dll, checked to exist.</summary>
    public static string BuiltDll()
    {
        var dll = Path.GetFullPath(HostDll());
        if (!File.Exists(dll)) throw new FileNotFoundException($"the louter build was not found at {dll}; build Louter.Host first", dll);
        return dll;
    }

    /// <summary>
    /// <c>dotnet publish</c> of Louter.Host, Release, ReadyToRun for this machine's runtime identifier,
    /// into <paramref name="outDir"/>; returns the published louter.dll and the command.
    /// </summary>
    public static async Task<(string Dll, string Command)> PublishAsync(string outDir, CancellationToken cancellationToken)
    {
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(HostDll())!, "..", "..", "..", "Louter.Host.csproj"));
        string[] args = ["publish", project, "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", outDir];
        var command = "dotnet " + string.Join(' ', args.Select(a => a == project ? "Louter.Host" : a == outDir ? "<work>/louter-publish" : a));
        var (exitCode, stdout, stderr) = await ChildProcess.RunToEndAsync("dotnet", args, TimeSpan.FromMinutes(15), cancellationToken);
        if (exitCode != 0) throw new InvalidOperationException($"{command} failed ({exitCode}):\n{stdout}\n{stderr}");
        var dll = Path.Combine(outDir, "louter.dll");
        return File.Exists(dll) ? (dll, command) : throw new FileNotFoundException($"{command} wrote no louter.dll", dll);
    }

    public static ChildProcess Start(string dll, int port, Uri mock, Uri mockH2, string workDir, bool observability = false, bool metrics = true)
    {
        var dataDir = Path.Combine(workDir, "louter-data");
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(workDir, "louter-bench.toml");
        const string heldMapping = "model_mapping = { \"bench-held\" = \"bench-held\" }";
        var metricsSection = metrics ? "" : "[metrics]\nenabled = false";
        var observabilityKeys = observability
            ? $"request_log = \"{Path.Combine(workDir, "requests.jsonl")}\"\n\n[tracing]\notlp_endpoint = \"{mock}\"\nsample_ratio = 1.0"
            : "";
        File.WriteAllText(config, $"""
            # Written by Louter.Benchmarks' load harness: one OpenAI backend, the benchmark mock.
            [server]
            listen = "127.0.0.1:{port}"
            data_dir = "{dataDir}"

            [backends.bench-mock]
            url = "{mock}v1"
            protocol = "openai"
            api_key = "bench"

            # The held-streams scenario's model: the same mock over HTTP/2 (its h2c port), so 10,000
            # open streams share a few upstream connections instead of needing 10,000 more sockets.
            [backends.bench-mock-h2]
            url = "{mockH2}v1"
            protocol = "openai"
            api_key = "bench"
            http_version = "2"
            {heldMapping}

            [responses]
            store = false

            {metricsSection}

            [logging]
            level = "warn"
            {observabilityKeys}
            """);
        return ChildProcess.Start("louter", "dotnet", [dll, "--config", config], workingDirectory: workDir);
    }
}
