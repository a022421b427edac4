using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Streams;
using Louter.Streams.Backends;
using Louter.Streams.Canonical;
using Louter.Streams.Media;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Louter.Tests.Conformance.Approximations;

namespace Louter.Tests.Conformance;

/// <summary>
/// Runs one row through the real request graph of the client's frontend:
/// <code>
///   1. the client kit writes the case's request in the client's protocol
///   2. the graph routes it to the column's backend; the scripted upstream decodes what it got with
///      its own protocol's frontend and answers with its own protocol's encoder (or an error)
///   3. request direction: what the upstream decoded == the case's request, through the pair's approximations
///   4. answer direction: what the client kit decodes == the upstream's answer, through the same — or the expected error
///   5. the case's own checks, and its second turn if it has one
/// </code>
/// </summary>
internal sealed class ConformanceRunner(IMaterializer materializer)
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>What Louter saved for this row's Responses client (<c>store: true</c>), for its <c>previous_response_id</c>.</summary>
    private readonly MemoryResponseStore _store = new();

    public async Task RunAsync(Pair pair, ConformanceCase c, CancellationToken ct)
    {
        var request = c.Request with { Model = ConformanceCase.ClientModel, Stream = pair.Stream };
        var answer = c.Answer(pair);
        var written = c.Written?.Invoke(pair) ?? answer;
        if (pair.Xml) written = XmlAnswer.AsWritten(written);
        var upstream = ProtocolKit.For(pair.Upstream);

        // A client that will name this turn in previous_response_id asks Louter to store it.
        Action<JsonObject>? edit = c.FollowUp is { ByPreviousResponseId: true }
            ? body => { c.ResponsesBody?.Invoke(body); body["store"] = true; }
            : c.ResponsesBody;
        var turn = await RunTurnAsync(pair, request, c.FetchMediaUrls, edit, view => c.Reply?.Invoke(view) ?? (c.UpstreamError is { } error ? upstream.Error(error) : upstream.Answer(view, written, c.Shape, c.PieceLength)), ct);
        var expected = c.Expect?.Invoke(pair);

        if (expected is ExpectError { UpstreamCalled: false }) Assert.Empty(turn.Received);
        else AssertUpstreamReceived(turn, request, c.FetchMediaUrls);

        AssertClientGot(turn, expected, pair.Xml ? XmlAnswer.AsSeen(answer) : answer);
        c.Check?.Invoke(turn);

        if (c.FollowUp is { } followUp) await RunFollowUpAsync(turn, followUp, c, ct);
    }

    /// <summary><paramref name="edit"/>: what a Responses client adds to the body its codec writes (see <see cref="ConformanceCase.ResponsesBody"/>).</summary>
    private async Task<Turn> RunTurnAsync(Pair pair, ChatRequest request, bool fetchMedia, Action<JsonObject>? edit, Func<UpstreamView, HttpResponseMessage> respond, CancellationToken ct)
    {
        var client = ProtocolKit.For(pair.Client);
        var upstream = ProtocolKit.For(pair.Upstream);
        var clientRequest = await client.ClientRequestAsync(request, pair.Mode, ct);
        if (pair.Client == Proto.Responses)
        {
            if (edit is not null) clientRequest = ResponsesKit.Edit(clientRequest, edit);
            clientRequest = await ResponsesKit.PrepareAsync(clientRequest, _store, ct);
        }

        var views = new List<UpstreamView>();
        var handler = new ScriptedUpstream(received =>
        {
            var view = upstream.Decode(received);
            lock (views) views.Add(view);
            return view.Error is { } error
                ? new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError) { Content = new StringContent("conformance: the upstream could not read the request: " + error.Message) }
                : respond(view);
        });
        using var transports = new BackendTransports(new FakeTimeProvider(Start), handler, fetchMedia ? new MediaUrlPolicy { Fetch = true } : null, new MediaServer());
        var graph = new RequestGraph(client.Frontend, new RoutingTableHolder(RoutingTable.Create([Columns.Backend(pair.Backend)])), transports, materializer);

        var channel = new RecordingResponseChannel();
        var exchange = new Exchange("req_conformance0001", clientRequest.Body, channel, 0, ct) { Hints = clientRequest.Hints, ReceivedAt = Start };
        await graph.RunAsync(exchange).Within();

        Assert.True(exchange.Fault is null, $"The graph failed with a bug: {exchange.Fault}");
        Assert.Equal(0, channel.StartsAfterFirstWrite);
        var outcome = await client.ReadAsync(channel, pair.Mode, ct);
        return new Turn(pair, request, exchange, channel, outcome, handler.Received, [.. views], handler.Sent);
    }

    private static void AssertUpstreamReceived(Turn turn, ChatRequest request, bool fetchMedia)
    {
        var pair = turn.Pair;
        var received = Assert.Single(turn.Received);
        var view = Assert.Single(turn.Views);
        Assert.True(view.Error is null, $"The {pair.Upstream} upstream could not read Louter's request ({view.Error?.Message}):\n{Encoding.UTF8.GetString(received.Body)}");
        ProtocolKit.For(pair.Upstream).AssertUpstreamHttp(received, ConformanceCase.UpstreamModel, pair.Stream, Columns.ApiKey);
        Assert.Equal(CanonicalText.Of(ExpectedUpstream(request, pair, fetchMedia)), CanonicalText.Of(UpstreamView(view.Canonical!, pair)));

        if (pair.Upstream != Proto.OpenAI) return;
        using var body = JsonDocument.Parse(received.Body);
        // DESIGN §4: newer OpenAI models reject max_tokens, local servers want it — per backend max_tokens_field.
        if (view.Canonical!.Sampling.MaxOutputTokens is not null)
        {
            var (wanted, other) = Columns.Backend(pair.Backend).MaxTokensField == MaxTokensFieldName.MaxCompletionTokens
                ? ("max_completion_tokens", "max_tokens")
                : ("max_tokens", "max_completion_tokens");
            Assert.True(body.RootElement.TryGetProperty(wanted, out _), $"no {wanted} in {body.RootElement}");
            Assert.False(body.RootElement.TryGetProperty(other, out _), $"{other} in {body.RootElement}");
        }
        // DESIGN §4: an OpenAI stream carries usage only if asked; Louter always needs it.
        if (pair.Stream)
            Assert.True(body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    private static void AssertClientGot(Turn turn, Expected? expected, ChatResponse answer)
    {
        var pair = turn.Pair;
        var got = turn.Outcome;
        var client = ProtocolKit.For(pair.Client);
        switch (expected)
        {
            case null:
                Assert.True(got.Answer is not null, $"Expected the answer; the client got {turn.Client.Status} ({got.Unreadable}): {got.Body}");
                var (wanted, actual) = AlignGeneratedIds(ExpectedAnswer(answer, pair), got.Answer!);
                Assert.Equal(CanonicalText.Of(ClientView(wanted, pair)), CanonicalText.Of(ClientView(actual, pair)));
                AssertRecordedUsage(turn, answer.Usage);
                break;

            case ExpectError error:
                Assert.True(got.Error is not null, $"Expected an HTTP error; the client got {turn.Client.Status}: {got.Body}");
                var (status, type) = client.Shape(error.Class);
                Assert.Equal((status, type), (got.Error.Status, got.Error.Type));
                Assert.Contains(error.MessageContains, got.Error.Message, StringComparison.Ordinal);
                if (error.RetryAfter is { } retryAfter) Assert.Equal(retryAfter, got.Error.RetryAfter);
                break;

            case ExpectStreamError streamError:
                Assert.Equal(200, turn.Client.Status);
                Assert.True(got.StreamError is not null, $"Expected an in-stream error; the client got: {got.Body}");
                Assert.Contains(streamError.MessageContains, got.StreamError.Message, StringComparison.Ordinal);
                if (streamError.Kind is { } kind) Assert.Equal(kind, got.StreamError.Kind);
                break;

            case ExpectVerbatim:
                Assert.Equal(200, turn.Client.Status);
                Assert.Equal(Encoding.UTF8.GetString(Assert.Single(turn.Sent)), got.Body);
                break;
        }
    }

    /// <summary>
    /// What Louter records for budgets and metrics (DESIGN §3: input includes cache reads and writes,
    /// output includes reasoning), whatever convention the upstream used.
    /// </summary>
    private static void AssertRecordedUsage(Turn turn, TokenUsage? sent)
    {
        if (sent is null) return;
        var recorded = turn.Exchange.Usage;
        Assert.NotNull(recorded);
        var anthropic = turn.Pair.Upstream == Proto.Anthropic;
        Assert.Equal(
            (sent.Input, sent.Output, sent.CacheRead, anthropic ? sent.CacheWrite : 0, anthropic ? 0 : sent.Reasoning),
            (recorded.Input, recorded.Output, recorded.CacheRead, recorded.CacheWrite, recorded.Reasoning));
    }

    /// <summary>Where the expected answer leaves a call id empty, a codec must make one up: any non-empty, unique id will do.</summary>
    private static (ChatResponse Expected, ChatResponse Actual) AlignGeneratedIds(ChatResponse expected, ChatResponse actual)
    {
        var wanted = expected.Content.OfType<ToolUseBlock>().ToList();
        var got = actual.Content.OfType<ToolUseBlock>().ToList();
        if (wanted.Count != got.Count || wanted.All(w => w.Id.Length > 0)) return (expected, actual);
        Assert.All(got, g => Assert.False(string.IsNullOrEmpty(g.Id), "a tool call reached the client without an id"));
        Assert.Equal(got.Count, got.Select(g => g.Id).Distinct().Count());

        var generated = new Dictionary<ToolUseBlock, string>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < wanted.Count; i++)
        {
            if (wanted[i].Id.Length > 0) continue;
            generated[wanted[i]] = generated[got[i]] = $"<generated #{i + 1}>";
        }
        ChatResponse Replace(ChatResponse r) => r with { Content = [.. r.Content.Select(b => b is ToolUseBlock u && generated.TryGetValue(u, out var id) ? u with { Id = id } : b)] };
        return (Replace(expected), Replace(actual));
    }

    /// <summary>
    /// The client sends back the answer it saw and a result for each call in it. The upstream must get
    /// calls and results paired: under the very ids the client saw, or — for a Gemini client that drops
    /// ids — under ids Louter made up and paired itself.
    /// </summary>
    private async Task RunFollowUpAsync(Turn first, FollowUp followUp, ConformanceCase c, CancellationToken ct)
    {
        var pair = first.Pair;
        var fetchMedia = c.FetchMediaUrls;
        var seen = first.Outcome.Answer!;
        var calls = seen.Content.OfType<ToolUseBlock>().ToList();
        Assert.True(calls.Count > 0 || followUp.Then is not null, "the first answer has no tool call to answer");

        var keep = followUp.ClientKeepsIds;
        var assistant = new ChatMessage(ChatRole.Assistant, [.. seen.Content.Select(b => b is ToolUseBlock u && !keep ? u with { Id = "" } : b)]);
        var next = calls.Count == 0
            ? ChatMessage.UserText(followUp.Then!)
            : new ChatMessage(ChatRole.User, [.. calls.Select(c => new ToolResultBlock(keep ? c.Id : "", [new TextBlock($"result of {c.Name}")]) { Name = c.Name })]);
        var request = first.Request with { Messages = [.. first.Request.Messages, assistant, next] };

        // By previous_response_id: the same conversation, of which the client sends only the new items.
        Action<JsonObject>? edit = followUp.ByPreviousResponseId
            ? body => { c.ResponsesBody?.Invoke(body); OnlyNewItems(body, seen.Id); }
            : c.ResponsesBody;

        var upstream = ProtocolKit.For(pair.Upstream);
        var turn = await RunTurnAsync(pair, request, fetchMedia, edit, view => upstream.Answer(view, followUp.Answer, AnswerShape.Whole, 6), ct);
        AssertClientGot(turn, null, followUp.Answer);

        var view = Assert.Single(turn.Views);
        // The upstream never saw Louter's stored responses: it must be told the whole conversation, not an id.
        if (followUp.ByPreviousResponseId)
            Assert.DoesNotContain("previous_response_id", Encoding.UTF8.GetString(turn.Received[0].Body), StringComparison.Ordinal);
        Assert.True(view.Error is null, $"The {pair.Upstream} upstream could not read the second turn ({view.Error?.Message}):\n{Encoding.UTF8.GetString(turn.Received[0].Body)}");
        // The id-less client's calls and results, paired in order: what Louter's pairing must reproduce.
        var expected = ExpectedUpstream(keep ? request : ToolIds.NumberInOrder(request), pair, fetchMedia);
        var actual = UpstreamView(view.Canonical!, pair);
        if (keep) Assert.Equal(CanonicalText.Of(expected), CanonicalText.Of(actual));
        else Assert.Equal(CanonicalText.Of(ToolIds.Placeholders(expected)), CanonicalText.Of(ToolIds.Placeholders(actual)));

        var sentCalls = actual.Messages.SelectMany(m => m.Content).OfType<ToolUseBlock>().Select(u => u.Id).ToList();
        var sentResults = actual.Messages.SelectMany(m => m.Content).OfType<ToolResultBlock>().Select(r => r.ToolUseId).ToList();
        Assert.All(sentCalls, id => Assert.False(string.IsNullOrEmpty(id), "a call went upstream without an id"));
        Assert.Equal(sentCalls, sentResults);
    }

    /// <summary>
    /// The second turn as a Responses client that stored the first sends it: the tool outputs (or the
    /// new question) that end the input, and previous_response_id naming the answer it got.
    /// </summary>
    private static void OnlyNewItems(JsonObject body, string previousResponseId)
    {
        var input = body["input"]!.AsArray();
        var first = input.Count;
        while (first > 0 && input[first - 1] is JsonObject item
            && (item["type"]?.GetValue<string>() is "function_call_output" or "custom_tool_call_output" || item["role"]?.GetValue<string>() == "user"))
            first--;
        Assert.True(first < input.Count, "the second turn has no new items");
        body["input"] = new JsonArray([.. input.Skip(first).Select(i => i!.DeepClone())]);
        body["previous_response_id"] = previousResponseId;
    }
}
