using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Routing;

namespace Louter.Benchmarks.Micro;

/// <summary>The four wire protocols, as a benchmark parameter.</summary>
public enum Protocol
{
    OpenAIChat,
    Anthropic,
    Gemini,
    Responses,
}

/// <summary>Each protocol's frontend, backend codec and realistic inputs.</summary>
internal static class Protocols
{
    public static IFrontend Frontend(Protocol protocol) => protocol switch
    {
        Protocol.OpenAIChat => OpenAIChatFrontend.Instance,
        Protocol.Anthropic => AnthropicFrontend.Instance,
        Protocol.Gemini => GeminiFrontend.Instance,
        _ => ResponsesFrontend.Instance,
    };

    public static IBackendCodec Backend(Protocol protocol) => protocol switch
    {
        Protocol.OpenAIChat => new OpenAIChatBackend(),
        Protocol.Anthropic => new AnthropicBackend(),
        Protocol.Gemini => new GeminiBackend(),
        _ => new ResponsesBackend(),
    };

    public static BackendProtocol BackendProtocolOf(Protocol protocol) => protocol switch
    {
        Protocol.OpenAIChat => BackendProtocol.OpenAI,
        Protocol.Anthropic => BackendProtocol.Anthropic,
        Protocol.Gemini => BackendProtocol.Gemini,
        _ => BackendProtocol.OpenAIResponses,
    };

    /// <summary>A route to a remote backend of this protocol (base URL, key, the upstream model name "upstream-model").</summary>
    public static RouteCandidate Target(Protocol protocol) => new(new BackendDescriptor
    {
        Name = "bench",
        Protocol = BackendProtocolOf(protocol),
        BaseUrl = new Uri("https://upstream.example/v1"),
        ApiKey = "sk-bench",
    }, "upstream-model");

    /// <summary>Gemini names the model and the streaming choice in the URL, not the body.</summary>
    public static RequestHints Hints(Protocol protocol) => protocol == Protocol.Gemini
        ? new RequestHints { PathModel = "models/gemini-2.5-flash", Stream = true }
        : RequestHints.None;

    /// <summary>
    /// An agent-shaped request body per protocol: system prompt, history with tool calls and results,
    /// an image, and tool declarations (2–5 KB, what coding agents send on every turn).
    /// </summary>
    public static string RequestBody(Protocol protocol) => protocol switch
    {
        Protocol.OpenAIChat => "Micro/Bodies/openai-chat-tools.json",
        Protocol.Anthropic => "Fixtures/anthropic/request-full.json",
        Protocol.Gemini => "Fixtures/gemini/request_everything.json",
        _ => "Micro/Bodies/responses-codex.json",
    };

    /// <summary>A tiny streaming request, only to give an encoder its exchange (model, stream flag).</summary>
    public static byte[] StreamingStub(Protocol protocol) => System.Text.Encoding.UTF8.GetBytes(protocol switch
    {
        Protocol.OpenAIChat => """{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}""",
        Protocol.Anthropic => """{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"hi"}]}""",
        Protocol.Gemini => """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""",
        _ => """{"model":"gpt-5","stream":true,"input":"hi"}""",
    });

    /// <summary>A recorded streamed answer per backend protocol, with text and (where recorded) tool calls.</summary>
    public static string RecordedStream(Protocol protocol) => protocol switch
    {
        Protocol.OpenAIChat => "Fixtures/recorded/openai/streaming/response.txt",
        Protocol.Anthropic => "Fixtures/anthropic/stream-tool-use.txt",
        Protocol.Gemini => "Fixtures/gemini/thinking_stream.txt",
        _ => "Fixtures/responses/stream-function-calls.txt",
    };

    /// <summary>A streaming exchange that has been decoded by the frontend, ready to create an encoder.</summary>
    public static Exchange DecodedStreamingExchange(Protocol protocol)
    {
        var exchange = Inputs.Exchange(StreamingStub(protocol), Hints(protocol));
        Frontend(protocol).Decode(exchange);
        if (exchange.Error is { } error) throw new InvalidOperationException($"{protocol} stub did not decode: {error.Message}");
        return exchange;
    }
}
