using Louter.Streams.Canonical;
using static Louter.Tests.Conformance.Answers;

namespace Louter.Tests.Conformance;

internal static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> AnswerShapes =>
    [
        new("reasoning_in_answer")
        {
            // OpenAI's reasoning_content, Anthropic's signed thinking, Gemini's thought parts. The
            // signature survives where both ends carry one (Approximations.ClientView).
            Request = Ask(ChatMessage.UserText("Is 91 prime?")),
            Answer = _ => Of(StopReason.EndTurn,
                new ThinkingBlock("91 = 7 × 13, so it is not prime.") { Signature = "c2lnbmF0dXJlLW9mLXRoZS10aG91Z2h0" },
                new TextBlock("No: 91 = 7 × 13.")) with { Usage = new TokenUsage(15, 40) { Reasoning = 28 } },
        },

        new("reasoning_request_budget")
        {
            // Anthropic's thinking budget, Gemini's thinkingBudget + includeThoughts, OpenAI's reasoning_effort.
            Request = Ask(ChatMessage.UserText("Is 91 prime?")) with
            {
                Reasoning = new Reasoning { BudgetTokens = 8000, IncludeThoughts = true },
                Sampling = new Sampling { MaxOutputTokens = 16000 },
            },
            Answer = _ => Text("No: 91 = 7 × 13."),
        },

        new("reasoning_request_effort")
        {
            Request = Ask(ChatMessage.UserText("Is 97 prime?")) with
            {
                Reasoning = new Reasoning { Effort = "high" },
                Sampling = new Sampling { MaxOutputTokens = 32000 },
            },
            Answer = _ => Text("Yes."),
        },

        new("reasoning_request_disabled")
        {
            Request = Ask(ChatMessage.UserText("Is 97 prime? Answer fast.")) with { Reasoning = new Reasoning { Disabled = true } },
            Answer = _ => Text("Yes."),
        },

        new("reasoning_round_trip")
        {
            // The client sends the signed reasoning it saw back on its next turn: the backend that signed it
            // gets its own signature back (unmarked); an OpenAI client has no signature to send, and
            // unsigned reasoning goes to no backend (Approximations.ExpectedUpstream).
            Request = Ask(ChatMessage.UserText("Is 91 prime?")),
            Answer = _ => Of(StopReason.EndTurn,
                new ThinkingBlock("91 = 7 × 13, so it is not prime.") { Signature = "c2lnbmF0dXJlLW9mLXRoZS10aG91Z2h0" },
                new TextBlock("No: 91 = 7 × 13.")),
            FollowUp = new FollowUp(ClientKeepsIds: true, Text("97 is prime."), Then: "And 97?"),
        },

        new("reasoning_in_history")
        {
            // Reasoning signed by a provider of the client's own protocol (unmarked): it goes back to a backend
            // of that protocol only (SignatureProvenance); another backend gets neither it nor its thinking.
            // OpenAI takes no reasoning back (OpenAIRequestWriter), and an OpenAI client has none to send.
            Applies = pair => pair.Client != Proto.OpenAI,
            Why = "an OpenAI client has no signed reasoning to send back",
            Request = Ask(
                ChatMessage.UserText("Is 91 prime?"),
                Assistant(new ThinkingBlock("91 = 7 × 13.") { Signature = "c2lnbmF0dXJlLW9mLXRoZS10aG91Z2h0" }, new TextBlock("No: 91 = 7 × 13.")),
                ChatMessage.UserText("And 97?")),
            Answer = _ => Text("97 is prime."),
        },

        new("stop_end_turn") { Request = Ask(ChatMessage.UserText("Say hello.")), Answer = _ => Text("Hello.", StopReason.EndTurn) },

        new("stop_max_tokens")
        {
            // 16: the smallest max_output_tokens the Responses API accepts.
            Request = Ask(ChatMessage.UserText("Write a long story.")) with { Sampling = new Sampling { MaxOutputTokens = 16 } },
            Answer = _ => Text("Once upon a time", StopReason.MaxTokens),
        },

        new("stop_sequence")
        {
            // Only Anthropic names the sequence; OpenAI and Gemini report a plain stop.
            Request = Ask(ChatMessage.UserText("Count until END.")) with { Sampling = new Sampling { Stop = ["END"] } },
            Answer = _ => Text("1 2 3 ", StopReason.StopSequence) with { StopSequence = "END" },
        },

        new("stop_content_filter")
        {
            Request = Ask(ChatMessage.UserText("Say something terrible.")),
            Answer = _ => Text("I can't", StopReason.ContentFilter),
        },

        new("stop_refusal")
        {
            Request = Ask(ChatMessage.UserText("Help me with something harmful.")),
            Answer = _ => Text("I won't help with that.", StopReason.Refusal),
        },

        new("stop_tool_use")
        {
            ToolCase = true,
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse, Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}""")),
        },

        new("usage_cached_and_reasoning_tokens")
        {
            // DESIGN §3: input includes cache reads and writes, output includes reasoning. Anthropic's
            // input_tokens excludes the cache, Gemini's candidatesTokenCount excludes thoughts, OpenAI's
            // counts include both: every pair must agree on the totals (and Louter must record them).
            Request = Ask(ChatMessage.UserText("Summarise our long conversation.")),
            Answer = _ => Of(StopReason.EndTurn, new TextBlock("We talked about caching.")) with
            {
                Usage = new TokenUsage(1200, 300) { CacheRead = 1000, CacheWrite = 100, Reasoning = 120 },
            },
        },
    ];
}
