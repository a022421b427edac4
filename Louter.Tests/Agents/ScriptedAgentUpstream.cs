using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Protocols.OpenAI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Louter.Tests.Agents;

/// <summary>
/// A scripted model behind Louter, on loopback HTTP, playing one two-step agent turn in a real
/// backend protocol's wire format. It decodes each request with Louter's decoder for that
/// protocol and answers through the same protocol's frontend encoder (canonical answer → OpenAI,
/// Anthropic or Gemini JSON / SSE), so it speaks exactly what a real backend of that protocol
/// speaks, streaming or not:
/// <list type="number">
/// <item>while the conversation has no tool result and the request declares <see cref="ToolName"/>: a call
///   to that tool with <see cref="ToolArguments"/> — a structured call, or with <c>xmlToolCalls</c> the
///   Qwen3-Coder XML text (<c>&lt;tool_call&gt;&lt;function=…&gt;&lt;parameter=…&gt;</c>) that a
///   <c>tool_format = "xml"</c> backend's model writes, for Louter to turn into a real call;</item>
/// <item>once a tool result is present: the text <c>The file says: …</c> quoting that result.</item>
/// </list>
/// Any other model request (an agent's side query without the tool, such as gemini-cli's model-routing
/// classifier) gets "OK.", or in JSON mode an object built from the requested schema; count_tokens
/// gets a fixed count. Like a real OpenAI or Anthropic server, a request whose tool or response
/// schema is not valid JSON Schema (a type other than object, string, number, integer, boolean,
/// array, null — Gemini's upper-case OBJECT, STRING) is refused with 400. Every request is recorded
/// in <see cref="Requests"/>.
/// </summary>
public sealed partial class ScriptedAgentUpstream : IAsyncDisposable
{
    public const string FinalPrefix = "The file says: ";

    private readonly WebApplication _app;
    private readonly bool _xml;
    private long _counter;

    private ScriptedAgentUpstream(WebApplication app, UpstreamProtocol protocol, string toolName, IReadOnlyDictionary<string, string> toolArguments, bool xml)
    {
        _app = app;
        Protocol = protocol;
        ToolName = toolName;
        ToolArguments = toolArguments;
        _xml = xml;
    }

    public UpstreamProtocol Protocol { get; }
    public string ToolName { get; }
    public IReadOnlyDictionary<string, string> ToolArguments { get; }
    public Uri BaseUrl { get; private set; } = null!;
    public ConcurrentQueue<AgentUpstreamRequest> Requests { get; } = new();

    /// <summary>The generation requests (tool call, final, side queries), in arrival order.</summary>
    public IReadOnlyList<AgentUpstreamRequest> ModelRequests => [.. Requests.Where(r => r.Kind != TurnKind.Other)];

    /// <param name="toolArguments">Argument name → string value (a scripted model only ever needs strings here).</param>
    /// <param name="xmlToolCalls">Write the call as XML text (a tool_format = "xml" backend) instead of a structured call.</param>
    public static async Task<ScriptedAgentUpstream> StartAsync(UpstreamProtocol protocol, string toolName, IReadOnlyDictionary<string, string> toolArguments, bool xmlToolCalls = false)
    {
        if (xmlToolCalls && protocol != UpstreamProtocol.OpenAI)
            throw new ArgumentException("XML tool calls are an OpenAI-compatible server's format here.", nameof(xmlToolCalls));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new ScriptedAgentUpstream(app, protocol, toolName, toolArguments, xmlToolCalls);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseUrl = new Uri(app.Urls.First());
        return upstream;
    }

    /// <summary>Louter's TOML for one backend pointing at this upstream, serving every model name.</summary>
    public string BackendToml(string name = "scripted") => $"""
        [backends.{name}]
        protocol = "{Protocol switch { UpstreamProtocol.Anthropic => "anthropic", UpstreamProtocol.Gemini => "gemini", _ => "openai" }}"
        url = "{BaseUrl.ToString().TrimEnd('/')}"
        api_key = "sk-scripted-backend"
        {(_xml ? "tool_format = \"xml\"" : "")}
        """;

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var path = context.Request.Path.Value ?? "";
        var record = new AgentUpstreamRequest(
            context.Request.Method,
            path + context.Request.QueryString.Value,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body);

        if (!HttpMethods.IsPost(context.Request.Method) || Route(context.Request) is not { } route)
        {
            Requests.Enqueue(record with { Kind = TurnKind.Other });
            context.Response.StatusCode = 404;
            return;
        }
        if (route.CountTokens)
        {
            Requests.Enqueue(record with { Kind = TurnKind.Other });
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"input_tokens":1000}""");
            return;
        }

        var exchange = new Exchange($"req_scripted{Interlocked.Increment(ref _counter)}", body, NoChannel.Instance, 0, context.RequestAborted)
        {
            Hints = route.Hints,
            ReceivedAt = TimeProvider.System.GetUtcNow(),
        };
        route.Frontend.Decode(exchange);
        if (exchange.Request is null)
        {
            var error = exchange.Error ?? Louter.Streams.Errors.GatewayError.Invalid("undecodable");
            Requests.Enqueue(record with { Kind = TurnKind.Other });
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(route.Frontend.RenderError(error));
            return;
        }

        var canonical = route.Frontend.ToCanonical(exchange.Request);
        if (Protocol != UpstreamProtocol.Gemini && InvalidSchema(canonical) is { } invalid)
        {
            Requests.Enqueue(record with { Kind = TurnKind.Rejected, Canonical = canonical, AnswerText = invalid.Message });
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(route.Frontend.RenderError(invalid));
            return;
        }

        var (answer, recorded) = Plan(canonical, exchange.RequestId);
        Requests.Enqueue(recorded with { Method = record.Method, PathAndQuery = record.PathAndQuery, Headers = record.Headers, Body = body, Canonical = canonical, Stream = exchange.Request.Stream });

        var encoder = route.Frontend.CreateEncoder(exchange);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = encoder.ContentType;
        if (!exchange.Request.Stream)
        {
            await response.Body.WriteAsync(encoder.EncodeResponse(answer), context.RequestAborted);
            return;
        }

        var output = new ArrayBufferWriter<byte>();
        foreach (var ev in Events(answer))
        {
            output.ResetWrittenCount();
            encoder.Encode(ev, output);
            await WriteAsync(response, output, context.RequestAborted);
        }
        output.ResetWrittenCount();
        encoder.Complete(output);
        await WriteAsync(response, output, context.RequestAborted);
    }

    private (ChatResponse Answer, AgentUpstreamRequest Record) Plan(ChatRequest request, string id)
    {
        var empty = new AgentUpstreamRequest("", "", new Dictionary<string, string>(), []);
        var model = request.Model;
        var usage = new TokenUsage(1200, 40);

        // The last tool result in the conversation: the answer to the call this model made.
        var result = request.Messages.SelectMany(m => m.Content).OfType<ToolResultBlock>().LastOrDefault();
        if (result is not null)
        {
            var text = FinalPrefix + Quote(result.Text);
            return (new ChatResponse(id, model, [new TextBlock(text)], StopReason.EndTurn) { Usage = usage },
                empty with { Kind = TurnKind.Final, ToolResult = result, AnswerText = text });
        }

        if (request.Tools.Any(t => t.Name == ToolName))
        {
            if (_xml)
            {
                var xml = "I will read the file first.\n" + XmlCall(ToolName, ToolArguments);
                return (new ChatResponse(id, model, [new TextBlock(xml)], StopReason.EndTurn) { Usage = usage },
                    empty with { Kind = TurnKind.ToolCall, AnswerText = xml });
            }

            var callId = Protocol switch
            {
                UpstreamProtocol.Anthropic => $"toolu_scripted_{_counter:D4}",
                UpstreamProtocol.Gemini => $"scripted-call-{_counter}",
                _ => $"call_scripted_{_counter}",
            };
            var arguments = JsonSerializer.Serialize(ToolArguments);
            return (new ChatResponse(id, model, [new ToolUseBlock(callId, ToolName, arguments)], StopReason.ToolUse) { Usage = usage },
                empty with { Kind = TurnKind.ToolCall, IssuedCallId = callId });
        }

        var side = JsonMode(request) is var (json, schema) && json
            ? JsonSerializer.Serialize(schema is { } s ? Sample(s) : new Dictionary<string, object?>())
            : "OK.";
        return (new ChatResponse(id, model, [new TextBlock(side)], StopReason.EndTurn) { Usage = usage }, empty with { Kind = TurnKind.Side, AnswerText = side });
    }


    /// <summary>The tool result on one line, trimmed to a readable length.</summary>
    private static string Quote(string text)
    {
        var oneLine = string.Join(" ", text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= 400 ? oneLine : oneLine[..400] + "…";
    }

    /// <summary>Qwen3-Coder's template form: each value on its own line.</summary>
    public static string XmlCall(string tool, IReadOnlyDictionary<string, string> arguments)
    {
        var s = new StringBuilder().Append("<tool_call>\n<function=").Append(tool).Append(">\n");
        foreach (var (key, value) in arguments)
            s.Append("<parameter=").Append(key).Append(">\n").Append(value).Append("\n</parameter>\n");
        return s.Append("</function>\n</tool_call>").ToString();
    }

    /// <summary>The answer as a stream, split into fragments the way real servers send it.</summary>
    private static IEnumerable<StreamEvent> Events(ChatResponse answer)
    {
        yield return new MessageStart(answer.Id, answer.Model) { Usage = answer.Usage! with { Output = 1 } };
        for (var i = 0; i < answer.Content.Count; i++)
        {
            switch (answer.Content[i])
            {
                case TextBlock text:
                    yield return new BlockStart(i, BlockKind.Text);
                    foreach (var piece in Pieces(text.Text, 3)) yield return new BlockDelta(i, DeltaKind.Text, piece);
                    yield return new BlockStop(i);
                    break;
                case ToolUseBlock use:
                    yield return new BlockStart(i, BlockKind.ToolUse) { ToolId = use.Id, ToolName = use.Name };
                    foreach (var piece in Pieces(use.ArgumentsJson, 2)) yield return new BlockDelta(i, DeltaKind.ArgumentsJson, piece);
                    yield return new BlockStop(i);
                    break;
                default:
                    throw new InvalidOperationException("The script only answers text and tool calls.");
            }
        }
        yield return new MessageDelta(answer.StopReason) { Usage = answer.Usage };
        yield return MessageStop.Instance;
    }

    private static IEnumerable<string> Pieces(string text, int count)
    {
        var size = Math.Max(1, (text.Length + count - 1) / count);
        for (var at = 0; at < text.Length; at += size) yield return text.Substring(at, Math.Min(size, text.Length - at));
    }

    private static async Task WriteAsync(HttpResponse response, ArrayBufferWriter<byte> output, CancellationToken ct)
    {
        if (output.WrittenCount == 0) return;
        await response.Body.WriteAsync(output.WrittenMemory, ct);
        await response.Body.FlushAsync(ct);
    }

    private sealed record RouteInfo(IFrontend Frontend, RequestHints Hints, bool CountTokens = false);

    /// <summary>Only the paths a real server of <see cref="Protocol"/> serves.</summary>
    private RouteInfo? Route(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        switch (Protocol)
        {
            case UpstreamProtocol.OpenAI when path.EndsWith("/chat/completions", StringComparison.Ordinal):
                return new RouteInfo(OpenAIChatFrontend.Instance, RequestHints.None);
            case UpstreamProtocol.Anthropic when path.EndsWith("/messages/count_tokens", StringComparison.Ordinal):
                return new RouteInfo(AnthropicFrontend.Instance, RequestHints.None, CountTokens: true);
            case UpstreamProtocol.Anthropic when path.EndsWith("/messages", StringComparison.Ordinal):
                return new RouteInfo(AnthropicFrontend.Instance, RequestHints.None);
            case UpstreamProtocol.Gemini:
                var slash = path.LastIndexOf('/');
                var colon = path.LastIndexOf(':');
                if (slash < 0 || colon < slash) return null;
                var model = path[(slash + 1)..colon];
                return path[(colon + 1)..] switch
                {
                    "generateContent" => new RouteInfo(GeminiFrontend.Instance, new RequestHints { PathModel = model, Stream = false }),
                    "streamGenerateContent" => new RouteInfo(GeminiFrontend.Instance, new RequestHints
                    {
                        PathModel = model,
                        Stream = true,
                        JsonArrayStream = !string.Equals(request.Query["alt"], "sse", StringComparison.OrdinalIgnoreCase),
                    }),
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>The encoders write to a buffer here; the exchange's channel is never used.</summary>
    private sealed class NoChannel : IResponseChannel
    {
        public static readonly NoChannel Instance = new();
        public bool HasStarted => false;
        public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers) { }
        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
