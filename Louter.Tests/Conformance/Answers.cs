using System.Text.Json;
using Louter.Streams.Canonical;

namespace Louter.Tests.Conformance;

/// <summary>The scripted upstream answers and the shared pieces of the case table.</summary>
internal static class Answers
{
    public const string ResponseId = "resp_conformance_1";

    public static readonly TokenUsage Usage = new(21, 9);

    public static ChatResponse Of(StopReason stop, params ContentBlock[] content) =>
        new(ResponseId, ConformanceCase.UpstreamModel, content, stop) { Usage = Usage };

    public static ChatResponse Text(string text, StopReason stop = StopReason.EndTurn) => Of(stop, new TextBlock(text));

    public static readonly ChatResponse Hello = Text("Hello! How can I help you today?");

    /// <summary>
    /// A call id as the upstream gives it. The public Gemini API omits functionCall.id (DESIGN §4), so a
    /// Gemini upstream's calls have none and Louter must make one up that the client can send back.
    /// </summary>
    public static string CallId(Pair pair, string id) => pair.Upstream == Proto.Gemini || pair.Xml ? "" : id;

    public static ToolUseBlock Call(Pair pair, string id, string name, string arguments) => new(CallId(pair, id), name, arguments);

    public static readonly ToolDefinition Weather = new("get_weather")
    {
        Description = "Current weather for a city.",
        InputSchema = Json("""{"type":"object","properties":{"city":{"type":"string","description":"City name"},"days":{"type":"integer"}},"required":["city"]}"""),
    };

    public static readonly ToolDefinition Time = new("get_time")
    {
        Description = "Local time in an IANA timezone.",
        InputSchema = Json("""{"type":"object","properties":{"timezone":{"type":"string"}},"required":["timezone"]}"""),
    };

    public static JsonElement Json(string json) => JsonElement.Parse(json);

    public static ChatRequest Ask(params ChatMessage[] messages) => new("", messages);

    public static ChatMessage User(params ContentBlock[] content) => new(ChatRole.User, content);

    public static ChatMessage Assistant(params ContentBlock[] content) => new(ChatRole.Assistant, content);

    // Tiny but real media: a 1×1 PNG, a WAV header with no samples, a one-page PDF's first bytes.
    public const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    public const string Wav = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";
    public const string Pdf = "JVBERi0xLjQKMSAwIG9iago8PC9UeXBlL0NhdGFsb2cvUGFnZXMgMiAwIFI+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK";
}
