using System.Text;
using BenchmarkDotNet.Attributes;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// The OpenAI chunk reader over a stream's chunks, as the stream decoder calls it: the first chunk
/// whole, the rest without identity fields, each into the last one's objects — with the stream's
/// lead (the bytes before choices, learnt from the first chunk and not tokenized again) and without.
/// One whole stream per operation.
/// </summary>
[MemoryDiagnoser]
public class ChatChunkReadBenchmarks
{
    private byte[][] _chunks = [];

    /// <summary>recorded: the gpt-4o-mini capture; mock-50: the load benchmark mock's 50-token stream.</summary>
    [Params("recorded", "mock-50")]
    public string Stream { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var lines = Stream == "recorded"
            ? Inputs.Text(Protocols.RecordedStream(Protocol.OpenAIChat)).Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => l["data: ".Length..].TrimEnd('\r'))
            : Enumerable.Range(0, 50).Select(i => "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i + " \"},\"finish_reason\":null}],\"system_fingerprint\":\"louter-mock\",\"usage\":null}");
        _chunks = lines.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    [Benchmark(Baseline = true)]
    public int Whole() => ReadAll(lead: null);

    [Benchmark]
    public int FromTheLead() => ReadAll(new ChatChunkLead());

    private int ReadAll(ChatChunkLead? lead)
    {
        ChatCompletionChunk? chunk = null;
        var choices = 0;
        for (var i = 0; i < _chunks.Length; i++)
        {
            chunk = ChatChunkReader.Read(_chunks[i], skipIdentity: i > 0, reuse: chunk, lead: lead);
            choices += chunk!.Choices?.Count ?? 0;
        }
        return choices;
    }
}
