using System.Globalization;

namespace Louter.Benchmarks.Load;

/// <summary><c>load [--duration 10s] [--out report.md] [--quick] [--no-portkey]</c>.</summary>
internal sealed record LoadOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public string Out { get; init; } = "benchmark-report.md";
    public bool Quick { get; init; }
    public bool Portkey { get; init; } = true;

    /// <summary>Unmeasured load per target before its first scenario (JIT, tiering, connection pools); none in a quick run.</summary>
    public TimeSpan Warmup => Quick ? TimeSpan.Zero : TimeSpan.FromSeconds(3);

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--duration" => options with { Duration = ParseDuration(Value()) },
                "--out" => options with { Out = Value() },
                "--quick" => options with { Quick = true, Duration = TimeSpan.FromSeconds(1) },
                "--no-portkey" => options with { Portkey = false },
                _ => throw new ArgumentException($"unknown option {args[i]}; usage: load [--duration 10s] [--out FILE] [--quick] [--no-portkey]"),
            };
        }
        return options;
    }

    internal static TimeSpan ParseDuration(string text)
    {
        double Number(int unitLength) => double.Parse(text[..^unitLength], CultureInfo.InvariantCulture);
        if (text.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(Number(2));
        if (text.EndsWith('s')) return TimeSpan.FromSeconds(Number(1));
        if (text.EndsWith('m')) return TimeSpan.FromMinutes(Number(1));
        throw new ArgumentException($"--duration takes a number with a unit (500ms, 10s, 1m), not '{text}'");
    }
}
