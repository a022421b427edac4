using Louter.Streams.Routing;

namespace Louter.Streams.Tracing;

/// <summary>
/// Attribute names from the OpenTelemetry GenAI, HTTP and server semantic conventions, and Louter's
/// own (under <c>louter.</c>) for what the conventions have no name for.
/// </summary>
public static class GenAiAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string FinishReasons = "gen_ai.response.finish_reasons";

    public const string ErrorType = "error.type";
    public const string HttpMethod = "http.request.method";
    public const string HttpStatus = "http.response.status_code";
    public const string UrlPath = "url.path";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";

    public const string RequestId = "louter.request_id";
    public const string Frontend = "louter.frontend";
    public const string Backend = "louter.backend";
    public const string Attempts = "louter.attempts";
    public const string Attempt = "louter.attempt";
    public const string Retry = "louter.retry";
    public const string Outcome = "louter.outcome";
    public const string Stream = "louter.stream";
    public const string RouteMode = "louter.route.mode";
    public const string RouteOutcome = "louter.route.outcome";
    public const string RouteCandidates = "louter.route.candidates";

    /// <summary>The only operation Louter serves today: every frontend is a chat API.</summary>
    public const string Chat = "chat";

    /// <summary>gen_ai.provider.name for the protocol a backend speaks (the semconv's well-known values where one fits).</summary>
    public static string Provider(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.OpenAI or BackendProtocol.OpenAIResponses => "openai",
        BackendProtocol.Anthropic => "anthropic",
        BackendProtocol.Gemini => "gcp.gemini",
        BackendProtocol.Mock => "louter.mock",
        _ => "unknown",
    };
}
