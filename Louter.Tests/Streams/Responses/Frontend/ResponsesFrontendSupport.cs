using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Streams.Sse;
using Louter.Tests.Streams.Anthropic;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Responses.Frontend;

/// <summary>Exchanges, decoded requests and encoders for the Responses frontend tests.</summary>
internal static class ResponsesFrontendSupport
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public const string TextBody = """{"model":"gpt-test","input":"hi","stream":true}""";

    public static Exchange Exchange(string body, IResponseStore? store = null, IReadOnlyList<ResponseItem>? history = null) =>
        new("req_0123456789abcdef01234567", Encoding.UTF8.GetBytes(body), new RecordingResponseChannel(), 0, CancellationToken.None)
        {
            ReceivedAt = ReceivedAt,
            Hints = new RequestHints { Responses = new ResponsesContext(store) { History = history ?? [] } },
        };

    /// <summary>Decodes a body that must be valid.</summary>
    public static ResponsesDecoded Decoded(string body, IReadOnlyList<ResponseItem>? history = null) => Decoded(Exchange(body, history: history));

    public static ResponsesDecoded Decoded(Exchange exchange)
    {
        ResponsesFrontend.Instance.Decode(exchange);
        Assert.Null(exchange.Error);
        return Assert.IsType<ResponsesDecoded>(exchange.Request);
    }

    public static ResponsesResponseEncoder Encoder(string body = TextBody, IResponseStore? store = null)
    {
        var exchange = Exchange(body, store);
        Decoded(exchange);
        return Assert.IsType<ResponsesResponseEncoder>(ResponsesFrontend.Instance.CreateEncoder(exchange));
    }

    /// <summary>Encodes a canonical stream (then Complete) and returns the bytes the client gets.</summary>
    public static byte[] Encode(IEnumerable<StreamEvent> events, string body = TextBody, IResponseStore? store = null, bool complete = true)
    {
        var encoder = Encoder(body, store);
        var output = new ArrayBufferWriter<byte>();
        foreach (var ev in events) encoder.Encode(ev, output);
        if (complete) encoder.Complete(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Encodes, reads the SSE back and checks it against the Responses grammar.</summary>
    public static async Task<List<SseEvent>> EncodeAndReadAsync(IEnumerable<StreamEvent> events, string body = TextBody, IResponseStore? store = null, bool complete = true)
    {
        var sse = await AnthropicFixtures.ReadEventsAsync(Encode(events, body, store, complete));
        ResponsesGrammar.AssertValid(sse);
        return sse;
    }
}

/// <summary>A response store in a dictionary: what the encoder and the frontend saved, and what a rebuild finds.</summary>
internal sealed class MemoryResponseStore : IResponseStore
{
    public ConcurrentDictionary<string, StoredResponse> Saved { get; } = new(StringComparer.Ordinal);

    public void Save(StoredResponse response) => Saved[response.Id] = response;

    public ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Saved.GetValueOrDefault(id));

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(Saved.TryRemove(id, out _));
}
