using Louter.Streams.Routing;

namespace Louter.Tests.Conformance;

/// <summary>The backend of each matrix column: one per protocol at http://upstream.test, mapping the client's model.</summary>
internal static class Columns
{
    public const string ApiKey = "upstream-secret-key";

    private static readonly Dictionary<string, string> Mapping = new() { [ConformanceCase.ClientModel] = ConformanceCase.UpstreamModel };

    public static BackendDescriptor Backend(Column column) => column switch
    {
        // A current OpenAI model: it rejects max_tokens and wants max_completion_tokens.
        Column.OpenAI => Descriptor(BackendProtocol.OpenAI, "http://upstream.test/v1") with { MaxTokensField = MaxTokensFieldName.MaxCompletionTokens },
        // A local server (vLLM, llama.cpp) hosting a Qwen3-Coder-style model: max_tokens, XML tool calls.
        Column.OpenAIXml => Descriptor(BackendProtocol.OpenAI, "http://upstream.test/v1") with { MaxTokensField = MaxTokensFieldName.MaxTokens, XmlToolFormat = true },
        Column.Anthropic => Descriptor(BackendProtocol.Anthropic, "http://upstream.test"),
        // A model offered only through the Responses API.
        Column.Responses => Descriptor(BackendProtocol.OpenAIResponses, "http://upstream.test/v1"),
        _ => Descriptor(BackendProtocol.Gemini, "http://upstream.test"),
    };

    private static BackendDescriptor Descriptor(BackendProtocol protocol, string url) => new()
    {
        Name = "upstream-" + protocol.ToString().ToLowerInvariant(),
        Protocol = protocol,
        BaseUrl = new Uri(url),
        ApiKey = ApiKey,
        ModelMapping = Mapping,
    };
}
