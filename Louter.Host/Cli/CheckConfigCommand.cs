using System.CommandLine;
using Louter.Host.Config;

namespace Louter.Host.Cli;

/// <summary>
/// <c>louter check-config FILE</c>: every problem with its line (exit 1), or a one-screen summary
/// of what the config sets up (exit 0).
/// </summary>
internal static class CheckConfigCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "The TOML config file to validate." };
        var command = new Command("check-config", "Validate a config file: print every problem with its line and exit 1, or print a summary and exit 0.")
        {
            file,
        };
        command.SetAction(async (parse, _) =>
        {
            var result = ConfigLoader.Load(parse.GetValue(file)!, Environment.GetEnvironmentVariable);
            if (!result.Ok)
            {
                foreach (var error in result.Errors) await stderr.WriteLineAsync(error.ToString());
                await stderr.WriteLineAsync($"{result.Errors.Count} problem(s) found.");
                return 1;
            }
            await stdout.WriteLineAsync(ConfigSummary.Render(result.Config).TrimEnd());
            return 0;
        });
        return command;
    }
}
