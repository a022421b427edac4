#pragma warning disable OPENAI001 // the Responses client is marked experimental in the SDK
using System.ClientModel;
using System.ClientModel.Primitives;
using Louter.Tests.EndToEnd.Support;
using OpenAI;
using OpenAI.Responses;
using Xunit;

namespace Louter.Tests.EndToEnd.Sdks;

/// <summary>
/// The official OpenAI .NET SDK's Responses client, over real loopback HTTP, against Louter whose
/// backend speaks Chat Completions: every request and answer is translated Responses ↔ canonical ↔ Chat.
/// </summary>
public sealed class ResponsesSdkTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly BinaryData WeatherSchema = BinaryData.FromString(
        """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");

    private ResponsesClient Client() =>
        new OpenAIClient(new ApiKeyCredential(GatewayFixture.ClientKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway.Louter.BaseUrl, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).GetResponsesClient();

    [Fact]
    public async Task Text_ThroughTheSdk_AnswersFromAChatBackend()
    {
        ResponseResult response = await Client().CreateResponseAsync("gpt-test", "Hello through Responses", cancellationToken: Ct);

        Assert.Equal("Hello through Responses", response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.True(response.Usage.OutputTokenCount > 0);
        var sent = gateway.Upstream.Last("echo-upstream");
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Contains("\"role\":\"user\"", sent.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_ThroughTheSdk_DeliversDeltasAndACompletedResponse()
    {
        var text = new System.Text.StringBuilder();
        ResponseResult? completed = null;
        var sequence = new List<long>();
        await foreach (var update in await Client().CreateResponseStreamingAsync("gpt-test", "one two three four", cancellationToken: Ct))
        {
            sequence.Add(update.SequenceNumber);
            if (update is StreamingResponseOutputTextDeltaUpdate delta) text.Append(delta.Delta);
            if (update is StreamingResponseCompletedUpdate done) completed = done.Response;
        }

        Assert.Equal("one two three four", text.ToString());
        Assert.NotNull(completed);
        Assert.Equal("one two three four", completed.GetOutputText());
        Assert.Equal(Enumerable.Range(0, sequence.Count).Select(i => (long)i), sequence);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolRoundTrip_ViaPreviousResponseId_RebuildsTheConversationForTheChatBackend(bool stream)
    {
        var client = Client();
        var options = new CreateResponseOptions("tool-once", [ResponseItem.CreateUserMessageItem("What is the weather in Paris?")])
        {
            Tools = { ResponseTool.CreateFunctionTool("get_weather", WeatherSchema, strictModeEnabled: false, functionDescription: "Current weather") },
        };
        var first = await CreateAsync(client, options, stream);

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("call_up_1", call.CallId);
        Assert.Equal("""{"city":"Paris"}""", call.FunctionArguments.ToString());

        // The second turn names the first and sends only the tool's output.
        var second = new CreateResponseOptions("tool-once", [ResponseItem.CreateFunctionCallOutputItem(call.CallId, "sunny, 21°C")])
        {
            PreviousResponseId = first.Id,
            Tools = { ResponseTool.CreateFunctionTool("get_weather", WeatherSchema, strictModeEnabled: false, functionDescription: "Current weather") },
        };
        var answer = await CreateAsync(client, second, stream);

        Assert.Equal("tool said: sunny, 21°C", answer.GetOutputText());
        Assert.Equal(first.Id, answer.PreviousResponseId);
        // The Chat backend got the whole conversation: the question, the call, and its result.
        var sent = gateway.Upstream.Requests.Last(r => r.Model == "tool-once" && r.BodyText.Contains("sunny", StringComparison.Ordinal)).BodyText;
        Assert.Contains("What is the weather in Paris?", sent, StringComparison.Ordinal);
        Assert.Contains("\"tool_call_id\":\"call_up_1\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"get_weather\"", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredResponse_CanBeReadAndDeleted_ThenIsGone()
    {
        var client = Client();
        ResponseResult created = await client.CreateResponseAsync("gpt-test", "keep me", cancellationToken: Ct);

        ResponseResult read = await client.GetResponseAsync(created.Id, Ct);
        Assert.Equal("keep me", read.GetOutputText());

        ResponseDeletionResult deleted = await client.DeleteResponseAsync(created.Id, Ct);
        Assert.True(deleted.Deleted);

        var gone = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(created.Id, Ct));
        Assert.Equal(404, gone.Status);
        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => client.CreateResponseAsync("gpt-test", "x", previousResponseId: "resp_unknown", cancellationToken: Ct));
        Assert.Equal(404, unknown.Status);
        Assert.Contains("resp_unknown", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamRateLimit_ReachesTheSdkAs429()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client().CreateResponseAsync("status-429", "x", cancellationToken: Ct));
        Assert.Equal(429, error.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResponsesBackend_FastPath_RelaysTheUpstreamsAnswer_AndRebuildsStoredTurnsForIt(bool stream)
    {
        var client = Client();
        var first = await CreateAsync(client, new CreateResponseOptions("gpt-resp", [ResponseItem.CreateUserMessageItem("My name is Ada.")])
        {
            Metadata = { ["ticket"] = "T-1" },
        }, stream);

        // The upstream's own answer and id, relayed.
        Assert.StartsWith("resp_up_", first.Id, StringComparison.Ordinal);
        Assert.Equal("My name is Ada.", first.GetOutputText());
        var sent = gateway.Upstream.Requests.Last(r => r.Path == "/v1/responses" && r.BodyText.Contains("My name is Ada.", StringComparison.Ordinal));
        Assert.Equal("echo-responses", sent.Model);
        Assert.Contains("\"ticket\":\"T-1\"", sent.BodyText, StringComparison.Ordinal); // client fields survive the fast path
        Assert.Equal($"Bearer {GatewayFixture.BackendKey}", sent.Headers["authorization"]);

        // The next turn names the upstream's id: Louter kept the turn and sends the whole conversation.
        var second = await CreateAsync(client, new CreateResponseOptions("gpt-resp", [ResponseItem.CreateUserMessageItem("What is my name?")])
        {
            PreviousResponseId = first.Id,
        }, stream);

        Assert.Equal("What is my name?", second.GetOutputText());
        var rebuilt = gateway.Upstream.Requests.Last(r => r.Path == "/v1/responses" && r.BodyText.Contains("What is my name?", StringComparison.Ordinal)).BodyText;
        Assert.DoesNotContain("previous_response_id", rebuilt, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(rebuilt);
        var input = doc.RootElement.GetProperty("input");
        Assert.Equal(3, input.GetArrayLength());
        Assert.Equal("assistant", input[1].GetProperty("role").GetString());
        Assert.Equal("My name is Ada.", input[1].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ChatAndAnthropicClients_ReachTheResponsesBackend()
    {
        var chat = await gateway.Chat("gpt-resp").CompleteChatAsync([new OpenAI.Chat.UserChatMessage("hello from chat")], cancellationToken: Ct);
        Assert.Equal("hello from chat", chat.Value.Content[0].Text);

        using var response = await gateway.Louter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Headers = { { "anthropic-version", "2023-06-01" } },
            Content = new StringContent("""{"model":"gpt-resp","max_tokens":50,"messages":[{"role":"user","content":"hello from anthropic"}]}""", System.Text.Encoding.UTF8, "application/json"),
        }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"text\":\"hello from anthropic\"", body, StringComparison.Ordinal);
        Assert.Contains("\"stop_reason\":\"end_turn\"", body, StringComparison.Ordinal);
    }

    private static async Task<ResponseResult> CreateAsync(ResponsesClient client, CreateResponseOptions options, bool stream)
    {
        if (!stream) return await client.CreateResponseAsync(options, Ct);
        options.StreamingEnabled = true;
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(options, Ct))
        {
            if (update is StreamingResponseCompletedUpdate done) completed = done.Response;
        }
        return completed ?? throw new InvalidOperationException("the stream ended without response.completed");
    }
}
