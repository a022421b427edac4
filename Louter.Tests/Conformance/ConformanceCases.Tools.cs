using Louter.Streams.Canonical;
using static Louter.Tests.Conformance.Answers;

namespace Louter.Tests.Conformance;

internal static partial class ConformanceCases
{
    private static ChatRequest WithTools(ChatRequest request, ToolChoice? choice) =>
        request with { Tools = [Weather, Time], ToolChoice = choice, Sampling = new Sampling { MaxOutputTokens = 512 } };

    private static ChatRequest WeatherQuestion => WithTools(Ask(ChatMessage.UserText("What's the weather in Paris, and what time is it there?")), new ToolChoice(ToolChoiceMode.Auto));

    private static ChatResponse WeatherCall(Pair pair) => Of(StopReason.ToolUse,
        new TextBlock("Let me check."),
        Call(pair, "call_weather_1", "get_weather", """{"city":"Paris","days":3}"""));

    private static IEnumerable<ConformanceCase> Tools =>
    [
        new("tools_auto")
        {
            ToolCase = true,
            Request = WeatherQuestion,
            Answer = _ => Text("I can look up the weather or the time for you."),
        },

        new("tools_required")
        {
            ToolCase = true,
            Request = WithTools(WeatherQuestion, new ToolChoice(ToolChoiceMode.Required)),
            Answer = pair => Of(StopReason.ToolUse, Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}""")),
        },

        new("tools_specific")
        {
            ToolCase = true,
            Request = WithTools(WeatherQuestion, new ToolChoice(ToolChoiceMode.Specific, "get_time")),
            Answer = pair => Of(StopReason.ToolUse, Call(pair, "call_time_1", "get_time", """{"timezone":"Europe/Paris"}""")),
        },

        new("tools_none")
        {
            ToolCase = true,
            Request = WithTools(WeatherQuestion, new ToolChoice(ToolChoiceMode.None)),
            Answer = _ => Text("I would need a tool for that."),
        },

        new("tools_no_parallel_calls")
        {
            // Gemini cannot forbid parallel calls: the flag is lost on that side (GeminiRequestBuilder.ToolConfigOf).
            ToolCase = true,
            Request = WithTools(WeatherQuestion, new ToolChoice(ToolChoiceMode.Auto) { ParallelCalls = false }),
            Answer = WeatherCall,
        },

        new("tool_call_single") { ToolCase = true, Request = WeatherQuestion, Answer = WeatherCall },

        new("tool_call_parallel")
        {
            ToolCase = true,
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse,
                Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}"""),
                Call(pair, "call_time_1", "get_time", """{"timezone":"Europe/Paris"}""")),
        },

        new("tool_call_arguments_split_mid_token")
        {
            // Three-character fragments cut keys, numbers, escapes and multi-byte letters apart.
            ToolCase = true,
            PieceLength = 3,
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse,
                Call(pair, "call_weather_1", "get_weather", """{"city":"Zürich","note":"say \"grüezi\" — ok","days":10}""")),
        },

        new("tool_call_without_arguments")
        {
            // Servers send a call without parameters with no argument text at all (Anthropic: no
            // input_json_delta after "input":{}; OpenAI-compatible servers: arguments ""). Every client
            // must still get the empty object: OpenAI clients json.loads() the arguments. The fast path
            // between two OpenAI ends (Chat or Responses) relays the server's own text, so that pair is not Louter's to judge.
            ToolCase = true,
            Applies = pair => !(pair.PassThrough && pair.Client is Proto.OpenAI or Proto.Responses),
            Why = "the fast path relays the OpenAI server's own arguments text",
            Request = WeatherQuestion,
            Written = pair => Of(StopReason.ToolUse, Call(pair, "call_time_1", "get_time", "")),
            Answer = pair => Of(StopReason.ToolUse, Call(pair, "call_time_1", "get_time", "{}")),
        },

        new("tool_results_correlated")
        {
            ToolCase = true,
            Request = WeatherQuestion with
            {
                Messages =
                [
                    .. WeatherQuestion.Messages,
                    Assistant(
                        new ToolUseBlock("call_weather_1", "get_weather", """{"city":"Paris"}"""),
                        new ToolUseBlock("call_time_1", "get_time", """{"timezone":"Europe/Paris"}""")),
                    User(
                        new ToolResultBlock("call_weather_1", [new TextBlock("18°C, sunny")]) { Name = "get_weather" },
                        new ToolResultBlock("call_time_1", [new TextBlock("14:05")]) { Name = "get_time" }),
                ],
            },
            Answer = _ => Text("It is 18°C and sunny in Paris, and 14:05."),
        },

        new("tool_results_then_user_text")
        {
            // The user adds a message after the results: Anthropic wants the tool_result blocks first in the
            // one next user turn, then the text (DESIGN §4); Gemini puts the text part after the functionResponses.
            ToolCase = true,
            Request = WeatherQuestion with
            {
                Messages =
                [
                    .. WeatherQuestion.Messages,
                    Assistant(
                        new TextBlock("Let me check both."),
                        new ToolUseBlock("call_weather_1", "get_weather", """{"city":"Paris"}"""),
                        new ToolUseBlock("call_time_1", "get_time", """{"timezone":"Europe/Paris"}""")),
                    User(
                        new ToolResultBlock("call_weather_1", [new TextBlock("18°C, sunny")]) { Name = "get_weather" },
                        new ToolResultBlock("call_time_1", [new TextBlock("14:05")]) { Name = "get_time" }),
                    ChatMessage.UserText("Answer in French, please."),
                ],
            },
            Answer = _ => Text("Il fait 18°C et beau à Paris, et il est 14h05."),
        },

        new("tool_result_error")
        {
            // OpenAI has no is_error: the text says it (Approximations.ExpectedUpstream).
            ToolCase = true,
            Request = WeatherQuestion with
            {
                Messages =
                [
                    .. WeatherQuestion.Messages,
                    Assistant(new ToolUseBlock("call_weather_1", "get_weather", """{"city":"Atlantis"}""")),
                    User(new ToolResultBlock("call_weather_1", [new TextBlock("unknown city: Atlantis")]) { Name = "get_weather", IsError = true }),
                ],
            },
            Answer = _ => Text("I could not find Atlantis."),
        },

        new("tool_call_round_trip")
        {
            ToolCase = true,
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse,
                Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}"""),
                Call(pair, "call_time_1", "get_time", """{"timezone":"Europe/Paris"}""")),
            FollowUp = new FollowUp(ClientKeepsIds: true, Text("It is 18°C and sunny in Paris, and 14:05.")),
        },

        new("tool_call_with_thought_signature")
        {
            // Gemini signs calls; the signature must come back on its call. Only a Gemini client can carry
            // it; for the others Louter sends Gemini the documented placeholder (GeminiContentsBuilder).
            ToolCase = true,
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse, Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}""") with { ThoughtSignature = "Z2VtaW5pLXNpZ25hdHVyZQ==" }),
            FollowUp = new FollowUp(ClientKeepsIds: true, Text("It is 18°C and sunny in Paris.")),
        },

        new("tool_call_round_trip_idless_gemini_client")
        {
            // functionCall.id is optional in Gemini: a client may send history without ids, and Louter pairs them.
            ToolCase = true,
            Applies = pair => pair.Client == Proto.Gemini,
            Why = "only Gemini clients may omit call ids",
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse,
                Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}"""),
                Call(pair, "call_time_1", "get_time", """{"timezone":"Europe/Paris"}""")),
            FollowUp = new FollowUp(ClientKeepsIds: false, Text("It is 18°C and sunny in Paris, and 14:05.")),
        },
    ];
}
