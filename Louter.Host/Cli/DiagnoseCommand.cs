using System.CommandLine;
using Louter.Host.Config;
using Louter.Host.Diagnostics;
using Louter.Host.Hosting;
using Louter.Streams.Backends;
using Louter.Streams.Routing;

namespace Louter.Host.Cli;

/// <summary>
/// <c>louter diagnose [--config FILE] [--backend NAME] [--model NAME] [--timeout 20s] [--json]</c>:
/// sends the diagnostics probes to every configured backend (no actor system, no listener) and
/// prints what each supports. Exit 0: every probed backend answered text; 1: at least one did not;
/// 2: nothing was probed (an invalid config, an unknown backend, a bad --timeout).
/// </summary>
internal static class DiagnoseCommand
{
    public const int BackendDown = 1;
    public const int CannotRun = 2;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string?>("--config", "-c") { Description = "TOML config file (default: the embedded default config, as serve uses)." };
        var backend = new Option<string?>("--backend", "-b") { Description = "Probe only the backend with this name." };
        var model = new Option<string?>("--model", "-m") { Description = "Client model name to probe with (mapped through each backend's model_mapping). Default: each backend's first mapped model." };
        var timeout = new Option<string>("--timeout") { Description = "Deadline for each probe.", DefaultValueFactory = _ => "20s" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };
        var command = new Command("diagnose", "Send small real requests (text, vision, tools, streaming) to each backend and report what it supports, with warnings where the configured capabilities disagree. Exit 0 when every backend answered text, 1 when one did not, 2 when nothing could be probed.")
        {
            config, backend, model, timeout, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config), parse.GetValue(backend), parse.GetValue(model), parse.GetValue(timeout)!, parse.GetValue(json), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, string? only, string? model, string timeoutText, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!DurationParser.TryParse(timeoutText, out var timeout, out var problem) || timeout <= TimeSpan.Zero)
        {
            await stderr.WriteLineAsync($"louter diagnose: --timeout: {(problem.Length > 0 ? problem : "must be more than zero")}");
            return CannotRun;
        }

        var result = configPath is null
            ? ConfigLoadResult.Success(DefaultConfig.Create(Environment.GetEnvironmentVariable))
            : ConfigLoader.Load(configPath, Environment.GetEnvironmentVariable);
        if (!result.Ok)
        {
            foreach (var error in result.Errors) await stderr.WriteLineAsync(error.ToString());
            await stderr.WriteLineAsync($"louter diagnose: {result.Errors.Count} problem(s) in the configuration; nothing probed.");
            return CannotRun;
        }

        var config = result.Config;
        if (config.Backends.Count == 0) config = config with { Backends = DefaultConfig.Create(_ => null).Backends };
        IReadOnlyList<BackendDescriptor> backends = BackendDescriptors.From(config);
        if (only is not null)
        {
            backends = [.. backends.Where(b => b.Name == only)];
            if (backends.Count == 0)
            {
                await stderr.WriteLineAsync($"louter diagnose: no backend named '{only}' is configured (configured: {string.Join(", ", config.Backends.Select(b => b.Name))}).");
                return CannotRun;
            }
        }

        using var transports = new BackendTransports(TimeProvider.System);
        var report = await new BackendDiagnostics(transports, TimeProvider.System)
            .RunAsync(backends, new DiagnosticsOptions { Timeout = timeout, Model = model }, cancellationToken);
        await stdout.WriteLineAsync(json ? DiagnosticsJson.Render(report) : DiagnosticsTable.Render(report).TrimEnd());
        return report.Ok ? 0 : BackendDown;
    }
}
