using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Sse;
using Xunit;
using static Louter.Tests.Streams.Responses.Frontend.ResponsesFrontendSupport;

namespace Louter.Tests.Streams.Responses.Frontend;

public sealed partial class ResponsesResponseEncoderTests
{
    private const string CustomToolBody = """
        {"model":"gpt-test","input":"patch it","stream":true,"tools":[
          {"type":"custom","name":"apply_patch","description":"Apply a patch","format":{"type":"grammar","syntax":"lark","definition":"start: /.+/"}},
          {"type":"function","name":"shell","parameters":{"type":"object"}}]}
        """;

    private const string NamespaceBody = """
        {"model":"gpt-test","input":"x","stream":true,"tools":[
          {"type":"namespace","name":"mcp__files","tools":[{"type":"function","name":"read_file","parameters":{"type":"object"}}]},
          {"type":"function","name":"plain","parameters":{"type":"object"}}]}
        """;

    private static JsonElement Data(SseEvent ev) => JsonDocument.Parse(ev.Data).RootElement;

    private static List<string> Names(IEnumerable<SseEvent> sse) => [.. sse.Select(e => e.Event!)];

    /// <summary>Louter's ids are random: <c>resp_</c> + 48 hex digits becomes <c>resp_ID</c>, and so on.</summary>
    private static string WithoutIds(string text) => RandomId().Replace(text, "$1_ID");

    [GeneratedRegex("(resp|msg|fc|ctc|rs|call)_[0-9a-f]{48}")]
    private static partial Regex RandomId();

    [Fact]
    public void Encode_CleanTextStream_WritesTheTypedEventsExactly()
    {
        var text = Encoding.UTF8.GetString(Encode(
        [
            new MessageStart("chatcmpl-1", "upstream-model") { Usage = new TokenUsage(10, 0) },
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "Hi ‘you’ "),
            new BlockDelta(0, DeltaKind.Text, "<b>"),
            new BlockStop(0),
            new MessageDelta(StopReason.EndTurn) { Usage = new TokenUsage(10, 3) { CacheRead = 4, Reasoning = 1 } },
            MessageStop.Instance,
        ]));

        Assert.Equal(
            """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_ID","object":"response","created_at":1767323045,"status":"in_progress","model":"gpt-test","output":[],"parallel_tool_calls":true,"store":true,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"truncation":"disabled","metadata":{}}}

            event: response.in_progress
            data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_ID","object":"response","created_at":1767323045,"status":"in_progress","model":"gpt-test","output":[],"parallel_tool_calls":true,"store":true,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"truncation":"disabled","metadata":{}}}

            event: response.output_item.added
            data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"type":"message","id":"msg_ID","status":"in_progress","role":"assistant","content":[]}}

            event: response.content_part.added
            data: {"type":"response.content_part.added","sequence_number":3,"output_index":0,"item_id":"msg_ID","content_index":0,"part":{"type":"output_text","text":"","annotations":[],"logprobs":[]}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":4,"output_index":0,"item_id":"msg_ID","content_index":0,"delta":"Hi ‘you’ ","logprobs":[]}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":5,"output_index":0,"item_id":"msg_ID","content_index":0,"delta":"<b>","logprobs":[]}

            event: response.output_text.done
            data: {"type":"response.output_text.done","sequence_number":6,"output_index":0,"item_id":"msg_ID","content_index":0,"text":"Hi ‘you’ <b>","logprobs":[]}

            event: response.content_part.done
            data: {"type":"response.content_part.done","sequence_number":7,"output_index":0,"item_id":"msg_ID","content_index":0,"part":{"type":"output_text","text":"Hi ‘you’ <b>","annotations":[],"logprobs":[]}}

            event: response.output_item.done
            data: {"type":"response.output_item.done","sequence_number":8,"output_index":0,"item":{"type":"message","id":"msg_ID","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi ‘you’ <b>","annotations":[],"logprobs":[]}]}}

            event: response.completed
            data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_ID","object":"response","created_at":1767323045,"status":"completed","model":"gpt-test","output":[{"type":"message","id":"msg_ID","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi ‘you’ <b>","annotations":[],"logprobs":[]}]}],"parallel_tool_calls":true,"store":true,"text":{"format":{"type":"text"}},"tool_choice":"auto","tools":[],"truncation":"disabled","usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":4},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":1},"total_tokens":13},"metadata":{}}}


            """.ReplaceLineEndings("\n"),
            WithoutIds(text));
    }

    [Fact]
    public async Task Encode_ParallelToolCallsWithFragmentedArguments_AreFunctionCallItemsInOrder()
    {
        var sse = await EncodeAndReadAsync(
        [
            new MessageStart("x", "m"),
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "Checking both."),
            new BlockStop(0),
            new BlockStart(1, BlockKind.ToolUse) { ToolId = "call_a", ToolName = "get_weather" },
            new BlockDelta(1, DeltaKind.ArgumentsJson, "{\"ci"),
            new BlockDelta(1, DeltaKind.ArgumentsJson, "ty\":\"Paris\"}"),
            new BlockStop(1),
            new BlockStart(2, BlockKind.ToolUse) { ToolId = "call_b", ToolName = "get_time" },
            new BlockDelta(2, DeltaKind.ArgumentsJson, "{\"tz\":"),
            new BlockDelta(2, DeltaKind.ArgumentsJson, "\"CET\"}"),
            new BlockStop(2),
            new MessageDelta(StopReason.ToolUse) { Usage = new TokenUsage(20, 9) },
            MessageStop.Instance,
        ]);

        var output = ResponsesGrammar.Final(sse).GetProperty("output");
        Assert.Equal(3, output.GetArrayLength());
        Assert.Equal("message", output[0].GetProperty("type").GetString());
        var first = output[1];
        Assert.Equal(("function_call", "call_a", "get_weather", """{"city":"Paris"}""", "completed"),
            (first.GetProperty("type").GetString(), first.GetProperty("call_id").GetString(), first.GetProperty("name").GetString(),
             first.GetProperty("arguments").GetString(), first.GetProperty("status").GetString()));
        Assert.StartsWith("fc_", first.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(("call_b", """{"tz":"CET"}"""), (output[2].GetProperty("call_id").GetString(), output[2].GetProperty("arguments").GetString()));
        Assert.Equal(["{\"ci", "ty\":\"Paris\"}", "{\"tz\":", "\"CET\"}"],
            sse.Where(e => e.Event == "response.function_call_arguments.delta").Select(e => Data(e).GetProperty("delta").GetString()));
        var done = Data(sse.First(e => e.Event == "response.function_call_arguments.done"));
        Assert.Equal("get_weather", done.GetProperty("name").GetString());
        Assert.Equal("completed", ResponsesGrammar.Final(sse).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Encode_ToolCallWithoutArguments_StreamsAndEndsWithAnEmptyObject()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.ToolUse) { ToolId = "call_n", ToolName = "now" },
            new BlockStop(0),
            new MessageDelta(StopReason.ToolUse),
            MessageStop.Instance,
        ]);

        Assert.Equal("{}", Data(sse.Single(e => e.Event == "response.function_call_arguments.done")).GetProperty("arguments").GetString());
        Assert.Equal("{}", ResponsesGrammar.Final(sse).GetProperty("output")[0].GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task Encode_CallOfADeclaredCustomTool_IsACustomToolCallWithTheInputUnwrapped()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.ToolUse) { ToolId = "call_p", ToolName = "apply_patch" },
            new BlockDelta(0, DeltaKind.ArgumentsJson, "{\"input\":\"*** Begin Patch\\n"),
            new BlockDelta(0, DeltaKind.ArgumentsJson, "*** End Patch\"}"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.ToolUse) { ToolId = "call_s", ToolName = "shell" },
            new BlockDelta(1, DeltaKind.ArgumentsJson, "{\"input\":\"ls\"}"),
            new BlockStop(1),
            new MessageDelta(StopReason.ToolUse),
            MessageStop.Instance,
        ], CustomToolBody);

        Assert.Equal(
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done", "response.output_item.done",
            "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.output_item.done",
            "response.completed",
        ], Names(sse));
        var call = ResponsesGrammar.Final(sse).GetProperty("output")[0];
        Assert.Equal(("custom_tool_call", "call_p", "apply_patch", "*** Begin Patch\n*** End Patch"),
            (call.GetProperty("type").GetString(), call.GetProperty("call_id").GetString(), call.GetProperty("name").GetString(), call.GetProperty("input").GetString()));
        Assert.StartsWith("ctc_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.False(call.TryGetProperty("arguments", out _));
        Assert.Equal("*** Begin Patch\n*** End Patch", Data(sse[3]).GetProperty("delta").GetString());
        // A function tool's arguments stay JSON, even when they look like a wrapped input.
        Assert.Equal("""{"input":"ls"}""", ResponsesGrammar.Final(sse).GetProperty("output")[1].GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task Encode_CallOfAToolDeclaredInANamespace_CarriesTheNamespace()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.ToolUse) { ToolId = "call_r", ToolName = "read_file" },
            new BlockDelta(0, DeltaKind.ArgumentsJson, "{}"),
            new BlockStart(1, BlockKind.ToolUse) { ToolId = "call_p", ToolName = "plain" },
            new BlockDelta(1, DeltaKind.ArgumentsJson, "{}"),
            MessageStop.Instance,
        ], NamespaceBody);

        var output = ResponsesGrammar.Final(sse).GetProperty("output");
        Assert.Equal("mcp__files", output[0].GetProperty("namespace").GetString());
        Assert.Equal("mcp__files", Data(sse[2]).GetProperty("item").GetProperty("namespace").GetString());
        Assert.False(output[1].TryGetProperty("namespace", out _));
    }

    [Fact]
    public async Task Encode_ThinkingWithSignature_IsAReasoningItemWithSummaryAndEncryptedContent()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Thinking),
            new BlockDelta(0, DeltaKind.Thinking, "Let me "),
            new BlockDelta(0, DeltaKind.Thinking, "think."),
            new BlockDelta(0, DeltaKind.Signature, "louter:anthropic:"),
            new BlockDelta(0, DeltaKind.Signature, "EqQBCg"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            new BlockDelta(1, DeltaKind.Text, "Done."),
            new MessageDelta(StopReason.EndTurn) { Usage = new TokenUsage(5, 7) { Reasoning = 4 } },
            MessageStop.Instance,
        ]);

        Assert.Equal(
        [
            "response.created", "response.in_progress",
            "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
            "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.completed",
        ], Names(sse));
        var final = ResponsesGrammar.Final(sse);
        var reasoning = final.GetProperty("output")[0];
        Assert.Equal("""[{"type":"summary_text","text":"Let me think."}]""", reasoning.GetProperty("summary").GetRawText());
        Assert.Equal("louter:anthropic:EqQBCg", reasoning.GetProperty("encrypted_content").GetString());
        Assert.StartsWith("rs_", reasoning.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, final.GetProperty("usage").GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt64());
        Assert.Equal("Done.", ResponsesGrammar.Text(sse));
    }

    [Theory]
    [InlineData(StopReason.MaxTokens, "max_output_tokens")]
    [InlineData(StopReason.ContextWindowExceeded, "max_output_tokens")]
    [InlineData(StopReason.ContentFilter, "content_filter")]
    public async Task Encode_StopThatCutTheAnswerShort_EndsWithResponseIncomplete(StopReason stop, string reason)
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "Once upon"),
            new MessageDelta(stop) { Usage = new TokenUsage(3, 16) },
            MessageStop.Instance,
        ]);

        Assert.Equal("response.incomplete", sse[^1].Event);
        var final = ResponsesGrammar.Final(sse);
        Assert.Equal("incomplete", final.GetProperty("status").GetString());
        Assert.Equal(reason, final.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal("Once upon", final.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Encode_StreamErrorMidStream_WritesErrorThenResponseFailedAndIgnoresTheRest()
    {
        var error = new GatewayError(GatewayErrorKind.Unavailable, "Backend 'b' is overloaded.") { Code = "backend_overloaded" };
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "first"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            new BlockDelta(1, DeltaKind.Text, "partial"),
            new StreamError(error),
            new BlockDelta(1, DeltaKind.Text, "more"),
            MessageStop.Instance,
        ]);

        Assert.Equal(["error", "response.failed"], Names(sse)[^2..]);
        Assert.Equal("""{"type":"error","sequence_number":11,"code":"server_is_overloaded","message":"Backend 'b' is overloaded."}""", Encoding.UTF8.GetString(sse[^2].Data));
        var failed = ResponsesGrammar.Final(sse);
        Assert.Equal("""{"code":"server_is_overloaded","message":"Backend 'b' is overloaded."}""", failed.GetProperty("error").GetRawText());
        Assert.Equal("first", failed.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("firstpartial", ResponsesGrammar.Text(sse));
    }

    [Fact]
    public async Task Fail_BeforeAnyEvent_StillOpensWithResponseCreated()
    {
        var encoder = Encoder();
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        encoder.Fail(new GatewayError(GatewayErrorKind.GatewayTimeout, "The backend sent nothing for 30s."), output);
        encoder.Complete(output);

        var sse = await Anthropic.AnthropicFixtures.ReadEventsAsync(output.WrittenSpan.ToArray());
        ResponsesGrammar.AssertValid(sse);
        Assert.Equal(["response.created", "response.in_progress", "error", "response.failed"], Names(sse));
        Assert.Equal("upstream_timeout", Data(sse[2]).GetProperty("code").GetString());
        Assert.Equal(encoder.Id, ResponsesGrammar.Final(sse).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Encode_DeltasWithoutBlockStart_OpenTheirItems()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockDelta(0, DeltaKind.Text, "hi"),
            new BlockDelta(0, DeltaKind.Text, " there"),
            new BlockDelta(1, DeltaKind.ArgumentsJson, "{\"a\":1}"),
            new BlockDelta(2, DeltaKind.Thinking, "hmm"),
            MessageStop.Instance,
        ]);

        Assert.Equal("hi there", ResponsesGrammar.Text(sse));
        Assert.Equal(["message", "function_call", "reasoning"],
            ResponsesGrammar.Final(sse).GetProperty("output").EnumerateArray().Select(i => i.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Encode_MessageDeltaBeforeTheLastBlock_TheLateBlockIsStillAnItemAndTheStopReasonHolds()
    {
        // OpenAI Chat streams the finish reason first and the usage in a later chunk; some servers straggle.
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "a"),
            new MessageDelta(StopReason.MaxTokens),
            new BlockDelta(1, DeltaKind.Text, "b"),
            new MessageDelta(StopReason.MaxTokens) { Usage = new TokenUsage(7, 3) },
            MessageStop.Instance,
        ]);

        Assert.Equal("ab", ResponsesGrammar.Text(sse));
        var final = ResponsesGrammar.Final(sse);
        Assert.Equal(2, final.GetProperty("output").GetArrayLength());
        Assert.Equal("max_output_tokens", final.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal(3, final.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task Complete_WithoutMessageStopAndWithABlockOpen_ClosesItAndCompletes()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.ToolUse) { ToolId = "call_1", ToolName = "f" },
            new BlockDelta(0, DeltaKind.ArgumentsJson, "{\"x\":"),
            new BlockDelta(0, DeltaKind.ArgumentsJson, "2}"),
        ]);

        Assert.Equal("response.completed", sse[^1].Event);
        Assert.Equal("""{"x":2}""", ResponsesGrammar.Final(sse).GetProperty("output")[0].GetProperty("arguments").GetString());
    }

    [Fact]
    public async Task Complete_WithoutAnyEvents_IsAnEmptyCompletedResponseWithUsage()
    {
        var sse = await EncodeAndReadAsync([]);

        Assert.Equal(["response.created", "response.in_progress", "response.completed"], Names(sse));
        var final = ResponsesGrammar.Final(sse);
        Assert.Equal(0, final.GetProperty("output").GetArrayLength());
        Assert.Equal(0, final.GetProperty("usage").GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task Encode_UsageOnlyInMessageStart_IsTheFinalUsage()
    {
        var sse = await EncodeAndReadAsync(
        [
            new MessageStart("m", "x") { Usage = new TokenUsage(12, 0) { CacheRead = 8 } },
            new BlockDelta(0, DeltaKind.Text, "ok"),
            new MessageDelta(StopReason.EndTurn),
        ]);

        Assert.Equal("""{"input_tokens":12,"input_tokens_details":{"cached_tokens":8},"output_tokens":0,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":12}""",
            ResponsesGrammar.Final(sse).GetProperty("usage").GetRawText());
    }

    [Fact]
    public async Task Encode_AnotherProvidersOpaqueBlock_IsLeftOutWithItsDeltasAndIndexesStayContiguous()
    {
        var foreign = new OpaqueBlock("anthropic", "redacted_thinking", JsonDocument.Parse("""{"type":"redacted_thinking","data":"x"}""").RootElement);
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Opaque) { Opaque = foreign },
            new BlockDelta(0, DeltaKind.Text, "hidden"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            new BlockDelta(1, DeltaKind.Text, "shown"),
        ]);

        Assert.Equal("shown", ResponsesGrammar.Text(sse));
        Assert.Equal(0, Data(sse.Single(e => e.Event == "response.output_item.added")).GetProperty("output_index").GetInt32());
    }

    [Fact]
    public async Task Encode_ResponseObject_EchoesTheRequestsSettings()
    {
        var sse = await EncodeAndReadAsync([new BlockDelta(0, DeltaKind.Text, "x")], """
            {"model":"gpt-test","input":"hi","stream":true,"instructions":"Be brief.","max_output_tokens":64,"temperature":0.5,"top_p":0.9,
             "parallel_tool_calls":false,"store":false,"reasoning":{"effort":"low","generate_summary":"auto"},"metadata":{"k":"v"},
             "text":{"format":{"type":"json_object"},"verbosity":"low"},"tool_choice":"required","tools":[{"type":"function","name":"f"}],"user":"u1"}
            """);

        var created = Data(sse[0]).GetProperty("response");
        Assert.Equal(ReceivedAt.ToUnixTimeSeconds(), created.GetProperty("created_at").GetInt64());
        Assert.Equal("gpt-test", created.GetProperty("model").GetString());
        Assert.Equal("Be brief.", created.GetProperty("instructions").GetString());
        Assert.Equal(64, created.GetProperty("max_output_tokens").GetInt64());
        Assert.False(created.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.False(created.GetProperty("store").GetBoolean());
        Assert.Equal("""{"effort":"low","summary":"auto"}""", created.GetProperty("reasoning").GetRawText());
        Assert.Equal("""{"format":{"type":"json_object"},"verbosity":"low"}""", created.GetProperty("text").GetRawText());
        Assert.Equal("\"required\"", created.GetProperty("tool_choice").GetRawText());
        Assert.Equal("""[{"type":"function","name":"f"}]""", created.GetProperty("tools").GetRawText());
        Assert.Equal("""{"k":"v"}""", created.GetProperty("metadata").GetRawText());
        Assert.Equal("disabled", created.GetProperty("truncation").GetString());
    }

    [Fact]
    public async Task Encode_StoreDefault_SavesTheFinalResponseWithThisRequestsInput()
    {
        var store = new MemoryResponseStore();
        var sse = await EncodeAndReadAsync([new BlockDelta(0, DeltaKind.Text, "kept")], """{"model":"gpt-test","input":"remember me","stream":true}""", store);

        var final = ResponsesGrammar.Final(sse);
        var saved = Assert.Single(store.Saved.Values);
        Assert.Equal(final.GetProperty("id").GetString(), saved.Id);
        Assert.Equal(ReceivedAt, saved.CreatedAt);
        Assert.Null(saved.PreviousResponseId);
        Assert.Equal(final.GetRawText(), Encoding.UTF8.GetString(saved.Response));
        Assert.Equal("""[{"type":"message","role":"user","content":"remember me"}]""", Encoding.UTF8.GetString(saved.Input));
    }

    [Fact]
    public async Task Encode_StoreFalse_SavesNothing()
    {
        var store = new MemoryResponseStore();

        await EncodeAndReadAsync([new BlockDelta(0, DeltaKind.Text, "x")], """{"model":"gpt-test","input":"hi","stream":true,"store":false}""", store);

        Assert.Empty(store.Saved);
    }

    /// <summary>
    /// The property behind the invariants: whatever order canonical events come in — random starts,
    /// deltas, stops, message deltas, errors, usage or none — the encoder writes a valid Responses
    /// stream and loses no text that came before the end.
    /// </summary>
    [Fact]
    public async Task Encode_RandomSloppyStreams_AlwaysGiveValidGrammarAndKeepTheText()
    {
        for (var seed = 1; seed <= 400; seed++)
        {
            var random = new Random(seed);
            var events = new List<StreamEvent>();
            var expectedText = new StringBuilder();
            var ended = false;
            var dropped = new HashSet<int>();
            for (var n = random.Next(0, 25); n > 0; n--)
            {
                var index = random.Next(0, 4);
                StreamEvent ev = random.Next(0, 20) switch
                {
                    < 4 => new BlockStart(index, (BlockKind)random.Next(0, 4))
                    {
                        ToolId = random.Next(2) == 0 ? null : $"call_{index}",
                        ToolName = random.Next(0, 3) switch { 0 => "apply_patch", 1 => "read_file", _ => "shell" },
                        Opaque = new OpaqueBlock("gemini", "x", JsonDocument.Parse("{}").RootElement),
                    },
                    < 12 => new BlockDelta(index, (DeltaKind)random.Next(0, 4), random.Next(0, 6) == 0 ? "" : $"t{seed}.{n}"),
                    < 15 => new BlockStop(index),
                    < 17 => new MessageDelta((StopReason)random.Next(0, 9)) { Usage = random.Next(2) == 0 ? null : new TokenUsage(random.Next(0, 50), random.Next(0, 50)) { CacheRead = random.Next(0, 60) } },
                    17 => new MessageStart($"m{seed}", "x") { Usage = random.Next(2) == 0 ? null : new TokenUsage(random.Next(0, 50), 0) },
                    18 => MessageStop.Instance,
                    _ => new StreamError(new GatewayError(GatewayErrorKind.BadGateway, "boom")),
                };
                events.Add(ev);
                if (ev is MessageStop or StreamError) ended = true;
                if (ev is BlockStart start && start.Kind == BlockKind.Opaque) dropped.Add(start.Index);
                else if (ev is BlockStart other) dropped.Remove(other.Index);
                // Another provider's opaque block is left out, and with it whatever deltas name its index.
                if (!ended && ev is BlockDelta { Kind: DeltaKind.Text } d && !dropped.Contains(d.Index)) expectedText.Append(d.Text);
            }

            List<SseEvent> sse;
            try
            {
                sse = await EncodeAndReadAsync(events, CustomToolBody.Replace("\"shell\"", "\"read_file\"", StringComparison.Ordinal));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {string.Join(", ", events)}\n{e.Message}");
            }
            Assert.Equal(expectedText.ToString(), ResponsesGrammar.Text(sse));
            var sentError = events.TakeWhile(e => e is not MessageStop).Any(e => e is StreamError);
            Assert.Equal(sentError ? "response.failed" : null, sse[^1].Event == "response.failed" ? "response.failed" : null);
        }
    }
}
