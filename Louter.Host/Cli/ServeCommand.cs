using System.CommandLine;
using System.Data.Common;
using Louter.Host.Config;
using Louter.Host.Hosting;

namespace Louter.Host.Cli;

/// <summary><c>louter [serve] [--config FILE] [--listen HOST:PORT] [--data-dir DIR]</c>.</summary>
internal static class ServeCommand
{
    public static void AddTo(Command command, Command owner, TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "TOML config file. Without one, Louter runs its embedded default: the built-in mock model, plus OpenAI, Anthropic or Gemini when OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY is set.",
        };
        var listen = new Option<string?>("--listen") { Description = "HOST:PORT to listen on (overrides [server] listen; default 127.0.0.1:8080)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory for the journal database (overrides [server] data_dir; default ./data)." };
        command.Options.Add(config);
        command.Options.Add(listen);
        command.Options.Add(dataDir);

        owner.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(config), parse.GetValue(listen), parse.GetValue(dataDir), stdout, stderr, cancellationToken));
    }

    private static async Task<int> RunAsync(string? configPath, string? listen, string? dataDir, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var result = LoadConfig(configPath);
        if (result.Ok) result = ConfigLoader.ApplyOverrides(result.Config, listen, dataDir);
        if (!result.Ok)
        {
            foreach (var error in result.Errors) await stderr.WriteLineAsync(error.ToString());
            await stderr.WriteLineAsync($"louter: {result.Errors.Count} problem(s) in the configuration; not starting.");
            return 1;
        }

        var config = result.Config;
        if (config.Backends.Count == 0)
        {
            await stderr.WriteLineAsync("louter: the config defines no backends; serving the built-in mock model only.");
            config = config with { Backends = DefaultConfig.Create(_ => null).Backends };
        }

        WebApplication app;
        try
        {
            app = LouterApp.Build(config, new LouterAppOptions { ReleaseStartupMemory = true });
        }
        // DbException (SqliteException, NpgsqlException), not the two types: naming NpgsqlException
        // here would load Npgsql on every start, PostgreSQL or not.
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"louter: cannot open the journal ({config.Persistence.Provider}): {e.Message}");
            return 1;
        }

        await using var _ = app;
        await stdout.WriteLineAsync($"louter: listening on http://{config.Server.Listen} ({(configPath is null ? "embedded default config" : configPath)})");
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static ConfigLoadResult LoadConfig(string? path) =>
        path is null
            ? ConfigLoadResult.Success(DefaultConfig.Create(Environment.GetEnvironmentVariable))
            : ConfigLoader.Load(path, Environment.GetEnvironmentVariable);
}
