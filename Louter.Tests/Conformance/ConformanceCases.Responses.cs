using System.Text;
using System.Text.Json.Nodes;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Xunit;
using static Louter.Tests.Conformance.Answers;

namespace Louter.Tests.Conformance;

internal static partial class ConformanceCases
{
    private const string OnlyResponsesClients = "only a Responses client can say this";

    /// <summary>A patch as Codex's apply_patch takes it: raw text with quotes, a backslash and newlines, no JSON around it.</summary>
    private const string Patch = "*** Begin Patch\n*** Update File: greet.py\n@@\n-print(\"hi\")\n+print(\"hello, \\\"world\\\"\")\n*** End Patch";

    /// <summary>Codex's freeform tool (DESIGN §4): one raw string, declared as {"type":"custom"}.</summary>
    private static ToolDefinition ApplyPatch => new("apply_patch") { Description = "Edit files with a patch.", Freeform = true };

    private static ChatRequest PatchQuestion => WithTools(Ask(ChatMessage.UserText("Make greet.py say hello.")), new ToolChoice(ToolChoiceMode.Auto)) with
    {
        Tools = [ApplyPatch, Weather],
    };

    private static IEnumerable<ConformanceCase> Responses =>
    [
        new("tool_call_round_trip_previous_response_id")
        {
            // Turn 2 sends only the function_call_output items and previous_response_id: Louter rebuilds the
            // conversation from what it stored, and the upstream — which never saw turn 1 stored — gets all of it.
            ToolCase = true,
            Applies = pair => pair.Client == Proto.Responses,
            Why = OnlyResponsesClients,
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse,
                new TextBlock("Let me check both."),
                Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}"""),
                Call(pair, "call_time_1", "get_time", """{"timezone":"Europe/Paris"}""")),
            FollowUp = new FollowUp(ClientKeepsIds: true, Text("It is 18°C and sunny in Paris, and 14:05."), ByPreviousResponseId: true),
        },

        new("custom_tool_call")
        {
            // The model of another protocol calls the function Louter declared for the freeform tool with
            // {"input": patch}; the Responses client gets a custom_tool_call whose input is the patch itself,
            // and its custom_tool_call / custom_tool_call_output go back as that function's call and result.
            ToolCase = true,
            Applies = pair => pair.Client == Proto.Responses,
            Why = OnlyResponsesClients,
            Request = PatchQuestion,
            Written = pair => Of(StopReason.ToolUse, Call(pair, "call_patch_1", "apply_patch", pair.Upstream == Proto.Responses ? Patch : FreeformInput.Wrap(Patch))),
            Answer = pair => Of(StopReason.ToolUse, Call(pair, "call_patch_1", "apply_patch", Patch)),
            Check = turn =>
            {
                var body = turn.Outcome.Body;
                Assert.Contains("\"custom_tool_call\"", body, StringComparison.Ordinal);
                Assert.DoesNotContain("\"function_call\"", body, StringComparison.Ordinal);
                if (turn.Pair.Stream) Assert.Contains("response.custom_tool_call_input.done", body, StringComparison.Ordinal);
            },
            FollowUp = new FollowUp(ClientKeepsIds: true, Text("Done: greet.py now says hello.")),
        },

        new("reasoning_item_with_tool_call_round_trip")
        {
            // Codex's tool loop: the reasoning item goes back with the call it led to. A Responses backend gets its
            // encrypted_content verbatim; Anthropic and Gemini their own signature (marked while it crossed);
            // OpenAI Chat, whose reasoning has no signature, nothing (Approximations.ExpectedUpstream).
            ToolCase = true,
            Applies = pair => pair.Client == Proto.Responses && !pair.Xml,
            Why = "only a Responses client can say this (and an XML-format model writes no signed reasoning)",
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse,
                new ThinkingBlock("The user wants the weather in Paris.") { Signature = "ZW5jcnlwdGVkLXJlYXNvbmluZy1jb250ZW50" },
                Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}""")),
            FollowUp = new FollowUp(ClientKeepsIds: true, Text("It is 18°C and sunny in Paris.")),
        },

        new("responses_failed_rate_limited")
        {
            // A Responses backend reports a rate limit inside its 200 (status "failed", or error + response.failed
            // after some text): a body becomes the client's 429, a stream its in-stream rate-limit error. The fast
            // path relays a body without reading it, so a Responses client gets the failed response itself.
            Applies = pair => pair.Upstream == Proto.Responses,
            Why = "only a Responses backend fails inside a 200 this way",
            Request = Ask(ChatMessage.UserText("Tell me a story.")),
            Reply = view => ResponsesKit.Failed(view, "rate_limit_exceeded", "Rate limit reached for requests per min."),
            Expect = pair => pair switch
            {
                { Stream: true } => new ExpectStreamError("Rate limit reached for requests per min.", pair.Client == Proto.OpenAI ? null : Louter.Streams.Errors.GatewayErrorKind.RateLimited),
                { PassThrough: true } => new ExpectVerbatim(),
                _ => new ExpectError(ErrorClass.RateLimited, "Rate limit reached for requests per min."),
            },
        },

        new("responses_failed_invalid_prompt")
        {
            // A failed response about the client's own input keeps the upstream's words and is the client's 400.
            Applies = pair => pair.Upstream == Proto.Responses && !pair.Stream && !pair.PassThrough,
            Why = "a failed body from a Responses backend, read by Louter (streams and the fast path: see responses_failed_rate_limited)",
            Request = Ask(ChatMessage.UserText("Tell me a story.")),
            Reply = view => ResponsesKit.Failed(view, "context_length_exceeded", "Your input exceeds the context window of this model."),
            Expect = _ => new ExpectError(ErrorClass.Invalid, "Your input exceeds the context window of this model."),
        },

        new("hosted_tool_left_out")
        {
            // Codex declares web_search on every turn. A Responses backend gets it; any other leaves it out
            // with a note in the request log — never a 400.
            ToolCase = true,
            Applies = pair => pair.Client == Proto.Responses,
            Why = OnlyResponsesClients,
            Request = WeatherQuestion,
            ResponsesBody = body => body["tools"]!.AsArray().Add(new JsonObject { ["type"] = "web_search" }),
            Answer = _ => Text("Paris is sunny today."),
            Check = turn =>
            {
                var sent = Encoding.UTF8.GetString(Assert.Single(turn.Received).Body);
                if (turn.Pair.PassThrough) Assert.Contains("\"web_search\"", sent, StringComparison.Ordinal);
                else
                {
                    Assert.DoesNotContain("web_search", sent, StringComparison.Ordinal);
                    Assert.Contains(turn.Exchange.Warnings, w => w.Contains("'web_search'", StringComparison.Ordinal));
                }
            },
        },
    ];
}
