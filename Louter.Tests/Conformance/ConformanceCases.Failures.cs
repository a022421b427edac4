using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Xunit;
using static Louter.Tests.Conformance.Answers;

namespace Louter.Tests.Conformance;

internal static partial class ConformanceCases
{
    private const string CutMessage = "closed the stream before it finished";

    private static IEnumerable<ConformanceCase> Failures =>
    [
        new("upstream_429_retry_after")
        {
            // The upstream's delay reaches the client: a Retry-After header, or Gemini's RetryInfo detail.
            Request = Ask(ChatMessage.UserText("Say hello.")),
            UpstreamError = new GatewayError(GatewayErrorKind.RateLimited, "Rate limit reached for requests") { RetryAfter = TimeSpan.FromSeconds(7) },
            Expect = _ => new ExpectError(ErrorClass.RateLimited, "rate limiting", RetryAfter: "7"),
        },

        new("upstream_overloaded")
        {
            // Anthropic's 529 overloaded_error, OpenAI's and Gemini's 503: capacity, never a quota error.
            Request = Ask(ChatMessage.UserText("Say hello.")),
            UpstreamError = new GatewayError(GatewayErrorKind.Unavailable, "The model is overloaded. Please try again later.") { Code = "backend_overloaded" },
            Expect = _ => new ExpectError(ErrorClass.Overloaded, "overloaded"),
        },

        new("upstream_400_message")
        {
            Request = Ask(ChatMessage.UserText("Say hello.")),
            UpstreamError = GatewayError.Invalid("max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens"),
            Expect = _ => new ExpectError(ErrorClass.Invalid, "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens"),
        },

        new("upstream_401_is_502")
        {
            // DESIGN §4: a backend that rejects Louter's key is Louter's problem, never the client's 401.
            Request = Ask(ChatMessage.UserText("Say hello.")),
            UpstreamError = new GatewayError(GatewayErrorKind.Unauthorized, "invalid x-api-key"),
            Expect = _ => new ExpectError(ErrorClass.BadGateway, "rejected the gateway's credentials (HTTP 401)"),
            // The upstream's words about its key stay with Louter.
            Check = turn => Assert.DoesNotContain("x-api-key", turn.Outcome.Error!.Message, StringComparison.Ordinal),
        },

        new("upstream_cut_before_end")
        {
            // Streams: the client's own in-stream error. Bodies: a 502 — except on the fast path, which
            // relays the body without parsing it (DESIGN §2), so the client gets what the upstream sent.
            Request = Ask(ChatMessage.UserText("Tell me a story.")),
            Answer = _ => Text("Once upon a time there was a gateway that"),
            Shape = AnswerShape.Cut,
            Expect = pair => pair switch
            {
                { Stream: true } => new ExpectStreamError(CutMessage),
                { PassThrough: true } => new ExpectVerbatim(),
                _ => new ExpectError(ErrorClass.BadGateway, "cannot read"),
            },
        },

        new("upstream_error_mid_stream")
        {
            // Anthropic and Gemini say "overloaded" in-stream (overloaded_error, a 503 status) and their
            // clients can read it back; OpenAI's in-stream error has no status, so an OpenAI end (either
            // one) leaves a generic upstream failure. The upstream's message always reaches the client.
            Applies = pair => pair.Stream,
            Why = "streams only: a body has no middle to fail in",
            Request = Ask(ChatMessage.UserText("Tell me a story.")),
            Answer = _ => Text("Once upon a time"),
            Shape = AnswerShape.ErrorMidStream,
            Expect = pair => new ExpectStreamError(
                "the model is at capacity",
                pair.Involves(Proto.OpenAI) ? null : GatewayErrorKind.Unavailable),
        },

        new("upstream_unknown_fields")
        {
            Request = WeatherQuestion,
            Answer = pair => Of(StopReason.ToolUse,
                new ThinkingBlock("The user wants the weather.") { Signature = "c2ln" },
                new TextBlock("Let me check."),
                Call(pair, "call_weather_1", "get_weather", """{"city":"Paris"}""")),
            Shape = AnswerShape.WithUnknownFields,
        },
    ];
}
