using Louter.Host.Cli;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>The louter command line, run in-process with captured output.</summary>
public sealed class CliTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await LouterCli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Example(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Louter.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "examples", name);
    }

    [Fact]
    public async Task CheckConfig_GoodFile_PrintsSummaryAndExits0()
    {
        var (exit, output, _) = await RunAsync("check-config", Example("seed-roadmap.toml"));

        Assert.Equal(0, exit);
        Assert.Contains("text-model", output, StringComparison.Ordinal);
        Assert.Contains("vision-model", output, StringComparison.Ordinal);
        Assert.Contains("not active yet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_BadFile_PrintsEveryProblemWithItsLineAndExits1()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("louter-cli-").FullName, "bad.toml");
        await File.WriteAllTextAsync(file, """
            [server]
            listen = "127.0.0.1:8080"
            colour = "blue"

            [backends.a]
            timeout = "30"
            """, TestContext.Current.CancellationToken);

        var (exit, _, errors) = await RunAsync("check-config", file);

        Assert.Equal(1, exit);
        Assert.Contains($"{file}:3:1: server.colour:", errors, StringComparison.Ordinal);
        Assert.Contains($"{file}:6:", errors, StringComparison.Ordinal);
        Assert.Contains("backends.a.timeout", errors, StringComparison.Ordinal);
        Assert.Contains("backends.a.url", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithABadConfig_RefusesToStart()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("louter-cli-").FullName, "bad.toml");
        await File.WriteAllTextAsync(file, "[backends.a]\nprotocol = \"carrier-pigeon\"\n", TestContext.Current.CancellationToken);

        var (exit, _, errors) = await RunAsync("serve", "--config", file);

        Assert.Equal(1, exit);
        Assert.Contains("backends.a.protocol", errors, StringComparison.Ordinal);
        Assert.Contains("not starting", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ListenFlagIsValidatedLikeTheFile()
    {
        var (exit, _, errors) = await RunAsync("--listen", "no-port-here");

        Assert.Equal(1, exit);
        Assert.Contains("--listen", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("serve --help")]
    [InlineData("check-config --help")]
    [InlineData("diagnose --help")]
    public async Task Help_IsAvailableOnEveryVerb(string args)
    {
        var (exit, output, _) = await RunAsync(args.Split(' '));

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheVerbsAndFlags()
    {
        var (_, root, _) = await RunAsync("--help");
        var (_, serve, _) = await RunAsync("serve", "--help");

        Assert.Contains("check-config", root, StringComparison.Ordinal);
        Assert.Contains("serve", root, StringComparison.Ordinal);
        foreach (var flag in new[] { "--config", "--listen", "--data-dir" }) Assert.Contains(flag, serve, StringComparison.Ordinal);
    }
}
