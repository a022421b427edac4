namespace Louter.Tests.Agents;

/// <summary>What one headless agent run left behind.</summary>
public sealed record AgentRun(int? ExitCode, string Stdout, string Stderr, bool TimedOut, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"exit={ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} timed_out={TimedOut} elapsed={Elapsed.TotalSeconds:F1}s\n--- stdout ---\n{Tail(Stdout)}\n--- stderr ---\n{Tail(Stderr)}";

    private static string Tail(string s) => s.Length <= 6000 ? s : "…" + s[^6000..];
}
