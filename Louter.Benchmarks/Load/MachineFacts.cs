using System.Runtime.InteropServices;

namespace Louter.Benchmarks.Load;

/// <summary>The facts a reader needs to compare two reports: cores, OS, runtime, CPU model.</summary>
internal static class MachineFacts
{
    public static IReadOnlyList<(string Name, string Value)> Collect() =>
    [
        ("Logical cores", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("CPU", CpuModel()),
        ("OS", RuntimeInformation.OSDescription),
        (".NET", RuntimeInformation.FrameworkDescription),
        ("Architecture", RuntimeInformation.ProcessArchitecture.ToString()),
    ];

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
