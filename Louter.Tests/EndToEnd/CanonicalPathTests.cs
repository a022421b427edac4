using System.Text.Json;
using Louter.Tests.EndToEnd.Support;
using OpenAI.Chat;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// An OpenAI client through the canonical model to an OpenAI-protocol backend (a backend with
/// tool_format = "xml" is never relayed as is): decode → canonical → OpenAI request, and the answer
/// back through the stream decoder and the OpenAI encoder.
/// </summary>
public sealed class CanonicalPathTests(CanonicalPathTests.Fixture fixture) : IClassFixture<CanonicalPathTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public MockUpstream Upstream { get; private set; } = null!;
        public LouterInstance Louter { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Upstream = await MockUpstream.StartAsync();
            Louter = await LouterInstance.StartAsync("""
                [backends.translated]
                url = "{upstream}/v1"
                tool_format = "xml"
                max_tokens_field = "max_completion_tokens"
                """, Upstream.BaseUrl);
        }

        public async ValueTask DisposeAsync()
        {
            await Louter.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MockUpstream _upstream => fixture.Upstream;
    private LouterInstance _louter => fixture.Louter;

    private ChatClient Chat(string model) =>
        new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential("k"), new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(_louter.BaseUrl, "/v1"),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0),
        }).GetChatClient(model);

    [Fact]
    public async Task Chat_GoesThroughTheCanonicalModel_AndBackInOpenAIShape()
    {
        ChatCompletion completion = await Chat("echo-canonical").CompleteChatAsync(
            [new SystemChatMessage("sys"), new UserChatMessage("via canonical")], new ChatCompletionOptions { MaxOutputTokenCount = 50 }, Ct);

        Assert.Equal("via canonical", completion.Content[0].Text);
        Assert.True(completion.Usage.TotalTokenCount > 0);
        using var sent = JsonDocument.Parse(_upstream.Last("echo-canonical").Body);
        // Re-written from canonical, not relayed: Louter's own field order and the backend's max-tokens name.
        Assert.Equal(50, sent.RootElement.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal("system", sent.RootElement.GetProperty("messages")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task Streaming_GoesThroughTheCanonicalModel()
    {
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in Chat("echo-canonical-stream").CompleteChatStreamingAsync([new UserChatMessage("one two three")], cancellationToken: Ct))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
        }

        Assert.Equal("one two three", text.ToString());
        Assert.Equal(3, usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Streaming_RawBody_EndsWithDoneAndHasNoUsageChunkUnlessAsked()
    {
        using var response = await _louter.PostChatAsync("""{"model":"echo-raw","stream":true,"messages":[{"role":"user","content":"a b"}]}""", Ct);
        var data = Sse.DataOf(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("[DONE]", data[^1]);
        Assert.Equal("a b", Sse.ContentOf(data));
        Assert.DoesNotContain(data, d => d.Contains("\"usage\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamCutMidStream_IsAnInStreamErrorInOpenAIShape()
    {
        using var response = await _louter.PostChatAsync("""{"model":"stream-no-done","stream":true,"messages":[{"role":"user","content":"a b"}]}""", Ct);
        var data = Sse.DataOf(await response.Content.ReadAsStringAsync(Ct));

        // The mock sent every chunk including the finish chunk, only [DONE] is missing: complete enough.
        Assert.Equal("[DONE]", data[^1]);
        Assert.Equal("a b", Sse.ContentOf(data));
    }

    private const string XmlCall = "Checking.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nSão Paulo\n</parameter>\n<parameter=days>\n3\n</parameter>\n</function>\n</tool_call>";

    private static ChatCompletionOptions WeatherTool() => new()
    {
        Tools =
        {
            ChatTool.CreateFunctionTool("get_weather", "Weather for a city", BinaryData.FromString(
                """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}""")),
        },
    };

    [Fact]
    public async Task XmlToolCallInTheAnswer_BecomesARealToolCall()
    {
        // The mock upstream echoes the user's text: here, a Qwen-style XML tool call.
        ChatCompletion completion = await Chat("echo-xml").CompleteChatAsync([new UserChatMessage(XmlCall)], WeatherTool(), Ct);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("""{"city":"São Paulo","days":3}""", call.FunctionArguments.ToString());
        Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
        Assert.Equal("Checking.", completion.Content[0].Text.Trim());
    }

    [Fact]
    public async Task XmlToolCallInAStream_SplitAcrossChunks_BecomesARealToolCall()
    {
        var text = new System.Text.StringBuilder();
        var names = new List<string>();
        var args = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Chat("echo-xml-stream").CompleteChatStreamingAsync([new UserChatMessage(XmlCall)], WeatherTool(), Ct))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.FunctionName is { } name) names.Add(name);
                args.Append(call.FunctionArgumentsUpdate?.ToString());
            }
            finish ??= update.FinishReason;
        }

        Assert.Equal(["get_weather"], names);
        Assert.Equal("""{"city":"São Paulo","days":3}""", args.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("Checking.", text.ToString().Trim());
    }
}
