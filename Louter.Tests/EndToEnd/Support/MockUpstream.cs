using Xunit;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Louter.Streams.Mock;
using Louter.Streams.Protocols.OpenAI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// An OpenAI-compatible model server on real loopback HTTP, standing in for the backend behind
/// Louter. What it does is chosen by the model name it receives, so tests running in parallel
/// never need to reconfigure it:
/// <list type="bullet">
/// <item>POST …/responses (any model): the Responses API's echo, see <see cref="MockResponsesUpstream"/></item>
/// <item>any other name: echo the last user message (non-streaming JSON or an OpenAI SSE stream)</item>
/// <item>status-NNN: answer HTTP NNN with an OpenAI error body (429 also sends rate-limit headers)</item>
/// <item>status-429-reset: 429 with only x-ratelimit-*-tokens headers (reset 1m30s, remaining 0)</item>
/// <item>status-429-retry-after: 429 with <c>Retry-After: 1</c> (seconds) and nothing else</item>
/// <item>delay-NNN: wait NNN ms before answering, then echo (a slow backend)</item>
/// <item>hang: never answer (until the request is cancelled)</item>
/// <item>stream-cut: send two chunks, wait for <see cref="Release"/>, then drop the connection</item>
/// <item>stream-no-done: send the chunks and end the body without [DONE]</item>
/// <item>stream-stall: send one chunk, then nothing (until cancelled)</item>
/// <item>stream-forever: a chunk every 20 ms until cancelled</item>
/// <item>stream-slow: 12 chunks 100 ms apart, then [DONE]</item>
/// <item>tool-once: call the first declared tool with <c>{"city":"Paris"}</c> (two argument fragments
///   when streaming); once the last message is a tool result, answer "tool said: RESULT"</item>
/// </list>
/// Every request is recorded; cancellations seen by the hanging behaviours are signalled per model.
/// <see cref="Behaviour"/> overrides the model name's behaviour for every request, so a test can make
/// one upstream fail and later recover without changing Louter's config.
/// </summary>
public sealed class MockUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _released = new();
    private long _counter;

    private MockUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>When set, every chat request behaves as if it asked for this model name (null: the name it asked for).</summary>
    public string? Behaviour { get; set; }

    /// <param name="port">0: any free port; else that port (a test bringing a dead backend back to life).</param>
    public static async Task<MockUpstream> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var upstream = new MockUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseUrl = new Uri(app.Urls.First());
        return upstream;
    }

    /// <summary>Completes when a request for <paramref name="model"/> saw its client go away.</summary>
    public Task WhenCancelled(string model) => Signal(_cancelled, model).Task;

    public RecordedRequest Last(string model) => Requests.Last(r => r.Model == model);

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var responses = context.Request.Path.Value?.EndsWith("/responses", StringComparison.Ordinal) == true;
        var (chat, _) = responses ? default : ChatRequestDecoder.Decode(body);
        var model = responses ? MockResponsesUpstream.Model(body) : chat?.Model;
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method, context.Request.Path.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body, model));
        if (responses)
        {
            await MockResponsesUpstream.AnswerAsync(context.Response, body, context.RequestAborted);
            return;
        }

        if (chat is null || model is null)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"error":{"message":"mock upstream: not a chat request","type":"invalid_request_error","param":null,"code":null}}""");
            return;
        }

        var aborted = context.RequestAborted;
        try
        {
            await BehaveAsync(context, chat, Behaviour ?? model, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            Cancelled(model);
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            Cancelled(model);
        }
    }

    private async Task BehaveAsync(HttpContext context, Louter.Streams.Protocols.OpenAI.Wire.ChatCompletionRequest chat, string model, CancellationToken aborted)
    {
        var response = context.Response;
        if (model.StartsWith("status-", StringComparison.Ordinal))
        {
            await StatusAsync(response, model);
            return;
        }

        if (model == "hang")
        {
            await Task.Delay(Timeout.Infinite, aborted);
            return;
        }

        if (model.StartsWith("delay-", StringComparison.Ordinal))
        {
            await Task.Delay(int.Parse(model.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture), aborted);
        }

        if (model == "tool-once")
        {
            await ToolOnceAsync(response, chat, aborted);
            return;
        }

        var reply = MockChatResponder.Plan(chat, $"chatcmpl-up-{Interlocked.Increment(ref _counter)}", 1_700_000_000);
        if (chat.Stream != true)
        {
            response.ContentType = "application/json";
            response.Headers["x-ratelimit-remaining-requests"] = "59";
            await response.Body.WriteAsync(MockChatResponder.Completion(reply), aborted);
            return;
        }

        response.ContentType = "text/event-stream";
        await response.StartAsync(aborted);
        var events = MockChatResponder.StreamEvents(reply, chat.StreamOptions?.IncludeUsage == true);
        switch (model)
        {
            case "stream-cut":
                await WriteAsync(response, events[0], aborted);
                await WriteAsync(response, events[1], aborted);
                // Dropping the connection discards whatever the peer has not read yet, so wait
                // until the test has seen the chunks arrive through Louter.
                await Signal(_released, model).Task.WaitAsync(aborted);
                context.Abort();
                return;
            case "stream-no-done":
                foreach (var e in events.Take(events.Count - 1)) await WriteAsync(response, e, aborted);
                return;
            case "stream-stall":
                await WriteAsync(response, events[0], aborted);
                await Task.Delay(Timeout.Infinite, aborted);
                return;
            case "stream-forever":
                while (true)
                {
                    await WriteAsync(response, events[1], aborted);
                    await Task.Delay(20, aborted);
                }
            case "stream-slow":
                await WriteAsync(response, events[0], aborted);
                for (var i = 0; i < 12; i++)
                {
                    await Task.Delay(100, aborted);
                    await WriteAsync(response, events[1], aborted);
                }
                await WriteAsync(response, events[^1], aborted);
                return;
            default:
                foreach (var e in events) await WriteAsync(response, e, aborted);
                return;
        }
    }

    private static async Task ToolOnceAsync(HttpResponse response, Louter.Streams.Protocols.OpenAI.Wire.ChatCompletionRequest chat, CancellationToken aborted)
    {
        var last = chat.Messages?.LastOrDefault();
        var tool = chat.Tools?.FirstOrDefault()?.Function?.Name ?? "none";
        var answered = last?.Role == "tool";
        var text = answered ? "tool said: " + last!.Content?.AllText() : null;
        var usage = """{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}""";
        if (chat.Stream != true)
        {
            response.ContentType = "application/json";
            var message = answered
                ? $$"""{"role":"assistant","content":{{JsonSerializer.Serialize(text)}}}"""
                : $$$"""{"role":"assistant","content":null,"tool_calls":[{"id":"call_up_1","type":"function","function":{"name":"{{{tool}}}","arguments":"{\"city\":\"Paris\"}"}}]}""";
            await response.WriteAsync(
                $$"""{"id":"chatcmpl-tool","object":"chat.completion","created":1700000000,"model":"tool-once","choices":[{"index":0,"message":{{message}},"finish_reason":"{{(answered ? "stop" : "tool_calls")}}"}],"usage":{{usage}}}""",
                aborted);
            return;
        }

        response.ContentType = "text/event-stream";
        string Chunk(string delta, string? finish) =>
            $$"""data: {"id":"chatcmpl-tool","object":"chat.completion.chunk","created":1700000000,"model":"tool-once","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""" + "\n\n";
        var events = new List<string> { Chunk("""{"role":"assistant","content":""}""", null) };
        if (answered)
        {
            events.Add(Chunk($$"""{"content":{{JsonSerializer.Serialize(text)}}}""", null));
            events.Add(Chunk("{}", "stop"));
        }
        else
        {
            events.Add(Chunk($$$"""{"tool_calls":[{"index":0,"id":"call_up_1","type":"function","function":{"name":"{{{tool}}}","arguments":"{\"city\""}}]}""", null));
            events.Add(Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":":\"Paris\"}"}}]}""", null));
            events.Add(Chunk("{}", "tool_calls"));
        }
        if (chat.StreamOptions?.IncludeUsage == true)
            events.Add($$"""data: {"id":"chatcmpl-tool","object":"chat.completion.chunk","created":1700000000,"model":"tool-once","choices":[],"usage":{{usage}}}""" + "\n\n");
        events.Add("data: [DONE]\n\n");
        foreach (var e in events) await WriteAsync(response, Encoding.UTF8.GetBytes(e), aborted);
    }

    private static async Task StatusAsync(HttpResponse response, string model)
    {
        var status = int.Parse(model.AsSpan(7, 3), System.Globalization.CultureInfo.InvariantCulture);
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (model == "status-429")
        {
            response.Headers["retry-after-ms"] = "2500";
            response.Headers["x-ratelimit-limit-requests"] = "60";
            response.Headers["x-ratelimit-remaining-requests"] = "0";
            response.Headers["x-ratelimit-reset-requests"] = "6m0s";
        }
        else if (model == "status-429-retry-after")
        {
            response.Headers.RetryAfter = "1";
        }
        else if (model == "status-429-reset")
        {
            response.Headers["x-ratelimit-remaining-tokens"] = "0";
            response.Headers["x-ratelimit-reset-tokens"] = "1m30s";
            response.Headers["x-ratelimit-remaining-requests"] = "10";
            response.Headers["x-ratelimit-reset-requests"] = "2s";
        }
        var message = status switch
        {
            401 => "Incorrect API key provided: sk-backe***cret. You can find your API key at https://platform.openai.com.",
            400 => "Invalid value for 'temperature': must be between 0 and 2.",
            _ => $"upstream says {status}",
        };
        await response.WriteAsync(JsonSerializer.Serialize(new { error = new { message, type = "invalid_request_error", param = (string?)null, code = (string?)null } }));
    }

    private static async Task WriteAsync(HttpResponse response, byte[] ev, CancellationToken ct)
    {
        await response.Body.WriteAsync(ev, ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>Lets a behaviour that waits for the test (stream-cut) go on.</summary>
    public void Release(string model) => Signal(_released, model).TrySetResult();

    private void Cancelled(string model) => Signal(_cancelled, model).TrySetResult();

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string model) =>
        signals.GetOrAdd(model, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}
