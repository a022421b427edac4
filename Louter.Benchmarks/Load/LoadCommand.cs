namespace Louter.Benchmarks.Load;

/// <summary>Placeholder for the load-test harness, which lives on another branch; this one carries only the micro benchmarks.</summary>
public static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        await Console.Error.WriteLineAsync("load: not in this branch").ConfigureAwait(false);
        return 2;
    }
}
