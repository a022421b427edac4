using Louter.Host.Hosting;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// <see cref="LouterAppOptions.ReleaseStartupMemory"/>: the CLI's node collects its start-up garbage
/// once it is ready; an embedded one (the option's default) leaves its host's heap alone.
/// </summary>
public sealed class StartupMemoryTests
{
    private const string Released = "Start-up garbage released";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReleaseStartupMemory_On_CollectsOnceAfterReady()
    {
        var lines = await StartupLogAsync(new LouterAppOptions { ReleaseStartupMemory = true });

        var ready = lines.FindIndex(m => m.StartsWith("Louter ready", StringComparison.Ordinal));
        var released = lines.FindIndex(m => m.StartsWith(Released, StringComparison.Ordinal));
        Assert.True(ready >= 0, "no ready line");
        Assert.True(released > ready, $"no '{Released}' line after the ready line");
        Assert.Single(lines, m => m.StartsWith(Released, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReleaseStartupMemory_Default_DoesNotCollect()
    {
        var lines = await StartupLogAsync(new LouterAppOptions());

        Assert.Contains(lines, m => m.StartsWith("Louter ready", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, m => m.StartsWith(Released, StringComparison.Ordinal));
    }

    /// <summary>The startup reporter's messages, read after its work (ready, then the release if on) has finished.</summary>
    private static async Task<List<string>> StartupLogAsync(LouterAppOptions options)
    {
        var logs = new JsonLogCapture();
        await using var louter = await LouterInstance.StartAsync("[logging]\nlevel = \"debug\"\nformat = \"json\"\n\n" + GatewayFixture.Config,
            options: options with { ConfigureLogging = logs.Install });

        var reporter = louter.Services.GetServices<IHostedService>().OfType<StartupReporter>().Single();
        await reporter.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        return logs.Lines
            .Where(l => l.GetProperty("Category").GetString() == typeof(StartupReporter).FullName)
            .Select(l => l.GetProperty("Message").GetString()!)
            .ToList();
    }
}
