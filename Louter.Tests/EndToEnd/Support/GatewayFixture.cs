using Xunit;
using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// One mock upstream and one Louter in front of it, shared by a test class. The backends:
/// <list type="bullet">
/// <item>mapped: base URL with /v1, a key, and "gpt-test" → "echo-upstream"</item>
/// <item>newer: wants max_completion_tokens; "gpt-new" → "echo-new"</item>
/// <item>responses: a Responses API backend; "gpt-resp" → "echo-responses"</item>
/// <item>dead: nothing listens on its port; "gpt-dead"</item>
/// <item>passthrough: base URL without /v1, no mapping (serves every other model name unchanged,
///   so the upstream's behaviour is chosen by the model name), timeout 1s, idle timeout 500ms; its
///   circuit breaker thresholds are out of reach, so the error tests never open its circuit</item>
/// </list>
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string BackendKey = "sk-backend-secret";
    public const string ClientKey = "sk-client-key-never-forwarded";

    // The error-mapping tests want each failure as it is: retries and failover have tests of their own.
    public const string Config = """
        [retries]
        max_attempts = 1

        [backends.mapped]
        url = "{upstream}/v1"
        api_key = "sk-backend-secret"
        [backends.mapped.model_mapping]
        "gpt-test" = "echo-upstream"

        [backends.newer]
        url = "{upstream}/v1/"
        max_tokens_field = "max_completion_tokens"
        [backends.newer.model_mapping]
        "gpt-new" = "echo-new"

        [backends.dead]
        url = "http://127.0.0.1:1"
        [backends.dead.model_mapping]
        "gpt-dead" = "anything"

        [backends.responses]
        protocol = "openai-responses"
        url = "{upstream}/v1"
        api_key = "sk-backend-secret"
        [backends.responses.model_mapping]
        "gpt-resp" = "echo-responses"

        [backends.passthrough]
        url = "{upstream}"
        timeout = "1s"
        idle_timeout = "500ms"
        failure_threshold = 1000000
        minimum_requests = 1000000
        """;

    public MockUpstream Upstream { get; private set; } = null!;
    public LouterInstance Louter { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Upstream = await MockUpstream.StartAsync();
        Louter = await LouterInstance.StartAsync(Config, Upstream.BaseUrl);
    }

    /// <summary>The official OpenAI SDK pointed at Louter, with the SDK's own retries off so errors surface as they are.</summary>
    public ChatClient Chat(string model) =>
        new OpenAIClient(new ApiKeyCredential(ClientKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(Louter.BaseUrl, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).GetChatClient(model);

    public async ValueTask DisposeAsync()
    {
        await Louter.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
