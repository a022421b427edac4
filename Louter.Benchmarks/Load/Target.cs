namespace Louter.Benchmarks.Load;

/// <summary>The wire protocol a scenario's client speaks to a target.</summary>
internal enum ClientProtocol
{
    OpenAIChat,
    AnthropicMessages,
}

/// <summary>One system under test, as the load generators see it: where to send, how, with which headers.</summary>
internal sealed record Target(string Name, Uri BaseUrl, ClientProtocol Protocol, IReadOnlyDictionary<string, string> Headers)
{
    public const string Direct = "direct";
    public const string Yarp = "yarp";
    public const string Louter = "louter";
    public const string LouterAnthropic = "louter (anthropic→openai)";
    public const string Portkey = "portkey";

    /// <summary>Louter's graph shape with none of Louter's work in it (<see cref="GraphFloor"/>).</summary>
    public const string GraphFloor = "graph floor (no gateway work)";

    public string Path => Protocol == ClientProtocol.AnthropicMessages ? "/v1/messages" : "/v1/chat/completions";

    public Uri Url => new(BaseUrl, Path);

    /// <summary>
    /// The request body; <paramref name="paced"/> asks the mock to space its chunks (by model name).
    /// An OpenAI stream asks for the usage chunk (as token-counting apps do), so every target delivers
    /// the same events: the mock always sends it, and Louter passes it on only when the client asked.
    /// </summary>
    public string Body(bool stream, bool paced) => Body(stream, paced ? "bench-paced" : "bench");

    /// <summary>The request body for a model name the mock reads its pacing from (<c>bench</c>, <c>bench-paced</c>, <c>bench-held</c>).</summary>
    public string Body(bool stream, string model)
    {
        var streamField = stream
            ? Protocol == ClientProtocol.AnthropicMessages ? "\"stream\":true," : "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            : "";
        return Protocol == ClientProtocol.AnthropicMessages
            ? $$"""{"model":"{{model}}","max_tokens":256,{{streamField}}"messages":[{"role":"user","content":"hello"}]}"""
            : $$"""{"model":"{{model}}",{{streamField}}"messages":[{"role":"user","content":"hello"}]}""";
    }

    public static IReadOnlyDictionary<string, string> AnthropicHeaders { get; } = new Dictionary<string, string>
    {
        ["anthropic-version"] = "2023-06-01",
        ["x-api-key"] = "bench",
    };

    public static IReadOnlyDictionary<string, string> NoHeaders { get; } = new Dictionary<string, string>();
}
