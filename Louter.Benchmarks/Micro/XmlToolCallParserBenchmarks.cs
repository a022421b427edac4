using BenchmarkDotNet.Attributes;
using Louter.Streams.Protocols.Xml;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// The XML tool-call parser (tool_format = "xml") fed a model's text in token-sized fragments (6
/// characters, so tags split across fragments): an answer with one Qwen3-Coder style tool call, and
/// plain text of about the same length (the cost every xml backend's text pays when no call comes).
/// One whole answer per operation.
/// </summary>
[MemoryDiagnoser]
public class XmlToolCallParserBenchmarks
{
    private const string WithCall =
        "I'll read the router first, then change only the null check.\n<tool_call>\n<function=read_file>\n<parameter=path>\nLouter.Streams/Routing/Router.cs\n</parameter>\n<parameter=start_line>\n40\n</parameter>\n<parameter=end_line>\n90\n</parameter>\n<parameter=note>\nif (a < b && c > d) keep <div> as text\n</parameter>\n</function>\n</tool_call>";

    private readonly XmlToolCallParser _parser = new();
    private readonly List<XmlParsedItem> _items = new(128);
    private string[] _toolCallFragments = [];
    private string[] _plainFragments = [];

    [GlobalSetup]
    public void Setup()
    {
        _toolCallFragments = Split(WithCall, 6);
        _plainFragments = Split(string.Concat(Enumerable.Repeat("The change keeps the router pure: no logging, no metrics. ", 10))[..WithCall.Length], 6);
    }

    private static string[] Split(string text, int size) =>
        [.. Enumerable.Range(0, (text.Length + size - 1) / size).Select(i => text.Substring(i * size, Math.Min(size, text.Length - (i * size))))];

    [Benchmark]
    public int ToolCallInFragments() => Parse(_toolCallFragments);

    [Benchmark(Baseline = true)]
    public int PlainTextInFragments() => Parse(_plainFragments);

    private int Parse(string[] fragments)
    {
        _items.Clear();
        foreach (var fragment in fragments) _parser.Feed(fragment, _items);
        _parser.Finish(_items);
        return _items.Count;
    }
}
