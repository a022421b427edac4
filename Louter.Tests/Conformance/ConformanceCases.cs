using Louter.Streams.Canonical;
using static Louter.Tests.Conformance.Answers;

namespace Louter.Tests.Conformance;

/// <summary>
/// The table. Each case is one line of the matrix for every frontend × backend × mode it applies to;
/// the partial files group them by concern (tools, media, answers, failures).
/// </summary>
internal static partial class ConformanceCases
{
    public static readonly IReadOnlyList<ConformanceCase> All = [.. Conversation, .. Tools, .. Media, .. AnswerShapes, .. Failures, .. Responses];

    private static readonly Dictionary<string, ConformanceCase> ByNameIndex = All.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static ConformanceCase ByName(string name) => ByNameIndex[name];

    private static IEnumerable<ConformanceCase> Conversation =>
    [
        new("plain_text") { Request = Ask(ChatMessage.UserText("Say hello.")) },

        new("system_prompt")
        {
            Request = Ask(ChatMessage.UserText("Who are you?")) with { System = [new TextBlock("You are Louter's test assistant. Answer in one sentence.")] },
            Answer = _ => Text("I am Louter's test assistant."),
        },

        new("prompt_cache_markers")
        {
            // Anthropic's cache_control breakpoints: kept for an Anthropic backend, dropped for the others
            // (they cache by prefix on their own). Only an Anthropic client can set them.
            Applies = pair => pair.Client == Proto.Anthropic,
            Why = "only an Anthropic client can set cache_control",
            Request = Ask(
                User(new TextBlock("Here is a long document: …") { CacheControl = new CacheControl("ephemeral") }, new TextBlock("Summarise it."))) with
            {
                System = [new TextBlock("You are a careful summariser.") { CacheControl = new CacheControl("ephemeral", "1h") }, new TextBlock("Be brief.")],
            },
            Answer = _ => Text("A long document, briefly."),
        },

        new("multi_turn")
        {
            Request = Ask(
                ChatMessage.UserText("My name is Ada."),
                Assistant(new TextBlock("Nice to meet you, Ada.")),
                ChatMessage.UserText("What is my name?")),
            Answer = _ => Text("Your name is Ada."),
        },

        new("sampling_parameters")
        {
            // top_k and seed ride along to show which protocols drop them (Approximations.UpstreamView).
            Request = Ask(ChatMessage.UserText("Count to three.")) with
            {
                Sampling = new Sampling { Temperature = 0.5, TopP = 0.9, TopK = 40, Seed = 7, Stop = ["END", "\n\n"], MaxOutputTokens = 256 },
            },
            Answer = _ => Text("1, 2, 3"),
        },

        new("json_object")
        {
            Request = Ask(ChatMessage.UserText("Greet me as JSON.")) with { ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject) },
            Answer = _ => Text("""{"greeting":"hello"}"""),
        },

        new("json_schema")
        {
            Request = Ask(ChatMessage.UserText("Greet me as JSON.")) with
            {
                ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema)
                {
                    Schema = Json("""{"type":"object","properties":{"greeting":{"type":"string"},"count":{"type":"integer"}},"required":["greeting"],"additionalProperties":false}"""),
                },
            },
            Answer = _ => Text("""{"greeting":"hello","count":1}"""),
        },
    ];
}
