using System.Text.Json;
using System.Text.Json.Nodes;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Conformance;

/// <summary>
/// OpenAI Responses at both ends: <c>/v1/responses</c>, Bearer auth, typed SSE events with a
/// sequence_number and no [DONE]. A reasoning item is the Responses word for signed thinking: its
/// summary is the thinking, its encrypted_content the signature (what Louter puts there for another
/// provider's signed thinking, SignatureProvenance), so the kit reads and writes it that way.
/// </summary>
internal sealed class ResponsesKit : ProtocolKit
{
    public override Proto Proto => Proto.Responses;
    public override IFrontend Frontend => ResponsesFrontend.Instance;
    public override IBackendCodec Codec { get; } = new ResponsesBackend();

    /// <summary>Responses errors are OpenAI's (platform.openai.com/docs/guides/error-codes).</summary>
    public override (int Status, string Type) Shape(ErrorClass error) => ProtocolKit.OpenAI.Shape(error);

    protected override ClientError ReadError(int status, string? retryAfter, JsonElement body)
    {
        var error = body.GetProperty("error");
        return new ClientError(status, error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!, retryAfter);
    }

    public override void AssertUpstreamHttp(UpstreamRequest request, string model, bool stream, string apiKey)
    {
        Assert.Equal("/v1/responses", request.Uri.AbsolutePath);
        AssertHeader(request, "authorization", "Bearer " + apiKey);
    }

    /// <summary>A Responses client sends signed thinking back as the reasoning item it came in; unsigned thinking it cannot send.</summary>
    protected override ChatRequest Says(ChatRequest request) => request with
    {
        Messages = [.. request.Messages.Select(m => m with
        {
            Content = [.. m.Content.Where(b => b is not ThinkingBlock { Signature: null }).Select(b => b is ThinkingBlock t ? ReasoningItem(t) : b)],
        })],
    };

    private static OpaqueBlock ReasoningItem(ThinkingBlock thinking)
    {
        var item = new ResponseItem
        {
            Type = "reasoning",
            Summary = thinking.Text.Length == 0 ? [] : [ContentPart.SummaryText(thinking.Text)],
            EncryptedContent = thinking.Signature,
        };
        return new OpaqueBlock(ResponsesBackend.Provider, ResponsesBackend.ReasoningKind, JsonSerializer.SerializeToElement(item, ResponsesJsonContext.Default.ResponseItem));
    }

    /// <summary>
    /// Louter's decoder gives a reasoning item as its summary (thinking) followed by the item itself
    /// (opaque, to go back to a Responses backend): a client reads one thinking block whose signature
    /// is the encrypted_content.
    /// </summary>
    protected override ChatResponse AsRead(ChatResponse answer) => answer with { Content = ReasoningAsThinking(answer.Content) };

    /// <summary>Each reasoning item (opaque) as thinking signed with its encrypted_content, merged into the thinking just before it.</summary>
    public static List<ContentBlock> ReasoningAsThinking(IEnumerable<ContentBlock> blocks)
    {
        var read = new List<ContentBlock>();
        foreach (var block in blocks)
        {
            if (block is not OpaqueBlock { Provider: ResponsesBackend.Provider, Kind: ResponsesBackend.ReasoningKind } opaque)
            {
                read.Add(block);
                continue;
            }
            var item = opaque.Payload.Deserialize(ResponsesJsonContext.Default.ResponseItem)!;
            var signature = string.IsNullOrEmpty(item.EncryptedContent) ? null : item.EncryptedContent;
            var text = ResponsesResponseDecoder.ReasoningText(item);
            if (read.Count > 0 && read[^1] is ThinkingBlock { Signature: null } before && before.Text == text) read[^1] = before with { Signature = signature };
            else read.Add(new ThinkingBlock(text) { Signature = signature });
        }
        return read;
    }

    /// <summary>
    /// A Responses server that fails after it accepted the request reports it inside its 200: a
    /// response with status "failed" and the error's code, or — streaming, after some text — an
    /// <c>error</c> event and <c>response.failed</c>.
    /// </summary>
    public static HttpResponseMessage Failed(UpstreamView view, string code, string message)
    {
        byte[] body;
        string contentType;
        if (view.Exchange.Request!.Stream)
        {
            var encoder = ResponsesFrontend.Instance.CreateEncoder(view.Exchange);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            foreach (var ev in CanonicalStream.Events(Answers.Text("Once upon a time"), 6).Where(e => e is not (MessageDelta or MessageStop)))
                encoder.Encode(ev, buffer);
            encoder.Fail(new Louter.Streams.Errors.GatewayError(Louter.Streams.Errors.GatewayErrorKind.BadGateway, message) { Code = code }, buffer);
            (body, contentType) = (buffer.WrittenSpan.ToArray(), encoder.ContentType);
        }
        else
        {
            var failed = new ResponseObject { Id = "resp_failed", Model = ConformanceCase.UpstreamModel, Status = "failed", Output = [], Error = new ResponseErrorInfo { Code = code, Message = message } };
            (body, contentType) = (JsonSerializer.SerializeToUtf8Bytes(failed, ResponsesJson.Writer.ResponseObject), "application/json");
        }
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("content-type", contentType);
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
    }

    /// <summary>
    /// What the endpoint does before the graph (ResponsesEndpoints.PrepareAsync, restated): the row's
    /// response store goes in the hints, and a previous_response_id is resolved into the stored conversation.
    /// </summary>
    public static async Task<ClientRequest> PrepareAsync(ClientRequest request, IResponseStore store, CancellationToken ct)
    {
        var context = new ResponsesContext(store);
        var previous = JsonNode.Parse(request.Body)!["previous_response_id"]?.GetValue<string>();
        if (previous is not null)
        {
            var history = await ResponseHistory.RebuildAsync(store, previous, ct);
            Assert.True(history is not null, $"Louter stored no response '{previous}' (stored: {string.Join(", ", ((MemoryResponseStore)store).Saved.Select(s => s.Id))})");
            context = context with { History = history };
        }
        return request with { Hints = request.Hints with { Responses = context } };
    }

    /// <summary>The body with <paramref name="edit"/> applied: what a Responses client says that the canonical model has no word for.</summary>
    public static ClientRequest Edit(ClientRequest request, Action<JsonObject> edit)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        edit(body);
        return request with { Body = JsonSerializer.SerializeToUtf8Bytes(body) };
    }

    /// <summary>
    /// The Responses stream grammar (DESIGN §4): every event named by its type with the next
    /// sequence_number, response.created first, every …added closed by its …done, text deltas with
    /// item_id, indexes and logprobs, a terminal response.completed / .incomplete whose output is
    /// the items the events announced (same ids, same order), and no [DONE].
    /// </summary>
    protected override void AssertStreamWire(IReadOnlyList<SseEvent> frames)
    {
        Assert.DoesNotContain(frames, f => f.IsDone);
        long? sequence = null;
        var added = new Dictionary<int, string>();
        var done = new Dictionary<int, string>();
        var openParts = new HashSet<(string, int)>();
        JsonElement? final = null;
        for (var i = 0; i < frames.Count; i++)
        {
            using var doc = JsonDocument.Parse(frames[i].Data);
            var ev = doc.RootElement;
            var type = ev.GetProperty("type").GetString()!;
            Assert.Equal(type, frames[i].Event);
            var number = ev.GetProperty("sequence_number").GetInt64();
            Assert.True(sequence is null || number > sequence, $"sequence_number {number} after {sequence} ({type})");
            sequence = number;
            if (i == 0) Assert.Equal("response.created", type);
            switch (type)
            {
                case "response.output_item.added":
                    added.Add(ev.GetProperty("output_index").GetInt32(), ev.GetProperty("item").GetProperty("id").GetString()!);
                    break;
                case "response.output_item.done":
                    var index = ev.GetProperty("output_index").GetInt32();
                    Assert.Equal(added[index], ev.GetProperty("item").GetProperty("id").GetString());
                    done.Add(index, added[index]);
                    break;
                case "response.content_part.added":
                    Assert.True(openParts.Add((ev.GetProperty("item_id").GetString()!, ev.GetProperty("content_index").GetInt32())));
                    break;
                case "response.content_part.done":
                    Assert.True(openParts.Remove((ev.GetProperty("item_id").GetString()!, ev.GetProperty("content_index").GetInt32())), "content_part.done without its .added");
                    break;
                case "response.output_text.delta":
                    Assert.Equal(added[ev.GetProperty("output_index").GetInt32()], ev.GetProperty("item_id").GetString());
                    Assert.True(ev.TryGetProperty("content_index", out _), "output_text.delta without content_index");
                    Assert.Equal(JsonValueKind.Array, ev.GetProperty("logprobs").ValueKind);
                    break;
                case "response.completed" or "response.incomplete":
                    Assert.Equal(frames.Count - 1, i);
                    final = ev.GetProperty("response").Clone();
                    break;
            }
        }
        Assert.True(final is not null, "the stream did not end with response.completed or response.incomplete");
        Assert.Empty(openParts);
        Assert.Equal(added, done);
        var output = final.Value.GetProperty("output").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToList();
        Assert.Equal(added.OrderBy(a => a.Key).Select(a => a.Value).ToList(), output);
    }
}
