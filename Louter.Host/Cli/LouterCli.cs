using System.CommandLine;

namespace Louter.Host.Cli;

/// <summary>
/// The <c>louter</c> command line: <c>serve</c> (the default verb), <c>check-config</c>, <c>diagnose</c>, <c>mock-server</c> and <c>logs</c>.
/// The only place in Louter that writes to the console directly.
/// </summary>
public static class LouterCli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Louter: one endpoint for OpenAI, Anthropic and Gemini clients, in front of any mix of model backends.");
        ServeCommand.AddTo(root, root, stdout, stderr);

        var serve = new Command("serve", "Run the gateway (the default when no verb is given).");
        ServeCommand.AddTo(serve, serve, stdout, stderr);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(CheckConfigCommand.Create(stdout, stderr));
        root.Subcommands.Add(DiagnoseCommand.Create(stdout, stderr));
        root.Subcommands.Add(MockServerCommand.Create(stdout));
        root.Subcommands.Add(LogsCommand.Create(stdout, stderr));

        // The web host handles SIGINT/SIGTERM itself (graceful stop, cluster leave); System.CommandLine's
        // own termination handler would race it and throw ObjectDisposedException on the way out.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        return root.Parse(args).InvokeAsync(invocation);
    }
}
