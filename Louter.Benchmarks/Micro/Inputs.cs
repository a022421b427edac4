using System.Text;
using Louter.Streams.Pipeline;
using Louter.Streams.Sse;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// The realistic inputs every benchmark reads: the tests' recorded fixtures (Louter.Tests/Fixtures,
/// copied beside the assembly) and the agent-shaped bodies in Micro/Bodies.
/// </summary>
internal static class Inputs
{
    public static byte[] Bytes(string relative) => File.ReadAllBytes(Find(relative));

    /// <summary>
    /// BenchmarkDotNet runs each benchmark from a project it generates under bin/, whose output may not
    /// hold the copied content: fall back to the source tree, found by walking up to Louter.sln.
    /// </summary>
    private static string Find(string relative)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, relative);
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Louter.sln"))) continue;
            var fromTests = Path.Combine(dir.FullName, "Louter.Tests", relative);
            if (File.Exists(fromTests)) return fromTests;
            var fromHere = Path.Combine(dir.FullName, "Louter.Benchmarks", relative);
            if (File.Exists(fromHere)) return fromHere;
        }
        throw new FileNotFoundException($"Benchmark input not found: {relative}", relative);
    }

    /// <summary>Every event of a recorded SSE stream, read once so the benchmarks time only the decoders.</summary>
    public static SseEvent[] SseEvents(string relative)
    {
        using var stream = new MemoryStream(Bytes(relative));
        var events = new List<SseEvent>();
        var reader = new SseReader(stream);
        try
        {
            while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } ev) events.Add(ev);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return [.. events];
    }

    /// <summary>A fresh exchange over a body, as the endpoint builds one per request.</summary>
    public static Exchange Exchange(byte[] body, RequestHints? hints = null) =>
        new("req-bench", body, NullResponseChannel.Instance, 0, CancellationToken.None) { Hints = hints ?? RequestHints.None };

    public static string Text(string relative) => Encoding.UTF8.GetString(Bytes(relative));
}
