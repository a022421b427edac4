using System.Buffers;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Streams.Routing;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// The OpenAI Responses frontend (POST /v1/responses): Codex and the OpenAI SDKs' Responses clients.
/// With a Responses backend the upstream's events are relayed as they come; with any other the
/// request goes through canonical and the answer is written back as Responses items and events.
/// Errors take OpenAI's shape.
/// </summary>
public sealed class ResponsesFrontend : IFrontend, IRawRelay
{
    public static readonly ResponsesFrontend Instance = new();

    public string Name => "responses";

    public BackendProtocol Protocol => BackendProtocol.OpenAIResponses;

    public void Decode(Exchange exchange)
    {
        var (request, error) = ResponsesRequestDecoder.Decode(exchange.Body.Span);
        if (error is not null || request is null)
        {
            exchange.Error = error ?? GatewayError.Invalid("The request body must be a JSON object.");
            return;
        }

        var context = exchange.Hints.Responses;
        var input = request.Input?.Items is { } items ? [.. items.Where(i => i is not null).Select(i => i!)]
            : request.Input?.Text is { } text ? [new ResponseItem { Type = "message", Role = "user", Content = ResponsesContent.Of(text) }]
            : new List<ResponseItem>();
        var history = context?.History ?? [];
        var all = ResponseHistory.Combine(history, input, exchange.Warnings);
        var (tools, namespaces) = ResponsesRequestMapper.Tools(ResponsesRequestMapper.Declared(request, all), null);

        exchange.Request = new ResponsesDecoded
        {
            Wire = request,
            Model = request.Model!,
            Stream = request.Stream == true,
            ClientWantsStreamUsage = true,
            Items = all,
            Input = history.Count == 0 ? all : all.GetRange(history.Count, all.Count - history.Count),
            HasHistory = history.Count > 0,
            CustomTools = tools.Where(t => t.Freeform).Select(t => t.Name).ToHashSet(StringComparer.Ordinal),
            Namespaces = namespaces,
            Warnings = exchange.Warnings,
        };
    }

    public static GatewayError PreviousNotFound(string id) =>
        new(GatewayErrorKind.NotFound, $"Previous response with id '{id}' not found.") { Param = "previous_response_id", Code = "previous_response_not_found" };

    public RequestNeeds Classify(DecodedRequest request) => ResponsesClassifier.Classify((ResponsesDecoded)request);

    public ChatRequest ToCanonical(DecodedRequest request)
    {
        var decoded = (ResponsesDecoded)request;
        return ResponsesRequestMapper.ToCanonical(decoded, decoded.Warnings);
    }

    public IResponseEncoder CreateEncoder(Exchange exchange) => new ResponsesResponseEncoder(exchange);

    public ClientFrame? PassThrough(in BackendFrame frame)
    {
        var exchange = frame.Exchange;
        switch (frame.Kind)
        {
            case BackendFrameKind.Head:
                return RelayFrames.Head(frame);

            case BackendFrameKind.Event:
                ReadEvent(exchange, frame.EventName, frame.Data!);
                return new ClientFrame(exchange, ClientFrameKind.Data) { Data = AnthropicSse.Frame(frame.EventName, frame.Data) };

            case BackendFrameKind.Body:
                if (RelayProbe.Read(frame.Data!, ResponsesJsonContext.Default.ResponseObject) is { } response) Finished(exchange, response);
                return new ClientFrame(exchange, ClientFrameKind.Data) { Data = frame.Data };

            case BackendFrameKind.End when frame.Complete:
                return null;

            case BackendFrameKind.End:
                return RelayFrames.CutOff(exchange);

            default:
                return new ClientFrame(exchange, ClientFrameKind.Error) { Error = frame.Error };
        }
    }

    public bool RelaysRaw(Exchange exchange) => true;

    /// <summary>Raw relay: the final events are read as in <see cref="PassThrough"/>; every event is the client's.</summary>
    public bool Observe(Exchange exchange, string? eventName, ReadOnlySpan<byte> data)
    {
        ReadEvent(exchange, eventName, data);
        return true;
    }

    /// <summary>Only the final events carry what Louter reads (usage, the output to store); the rest are relayed unparsed.</summary>
    private static void ReadEvent(Exchange exchange, string? name, ReadOnlySpan<byte> data)
    {
        if (name is not ("response.completed" or "response.incomplete" or "response.failed" or "error" or null)) return;
        if (RelayProbe.Read(data, ResponsesJsonContext.Default.ResponsesEvent) is not { } ev) return;
        switch (ev.Type)
        {
            case "response.completed" or "response.incomplete" when ev.Response is { } response:
                Finished(exchange, response);
                break;
            case "response.failed" or "error":
                exchange.Outcome = (ev.Code ?? ev.Response?.Error?.Code) switch
                {
                    "rate_limit_exceeded" => UpstreamOutcome.RateLimited,
                    "server_is_overloaded" or "slow_down" => UpstreamOutcome.Overloaded,
                    _ => UpstreamOutcome.ServerError,
                };
                break;
        }
    }

    private static void Finished(Exchange exchange, ResponseObject response)
    {
        if (response.Usage is { } usage)
        {
            exchange.Usage = new TokenUsage(usage.InputTokens, usage.OutputTokens)
            {
                CacheRead = usage.InputTokensDetails?.CachedTokens ?? 0,
                Reasoning = usage.OutputTokensDetails?.ReasoningTokens ?? 0,
            };
        }
        if (exchange.Request is ResponsesDecoded { Store: true } decoded && exchange.Hints.Responses?.Store is { } store && response.Id is not null)
        {
            // The client will name the upstream's id: the conversation is kept under it, as the client's request and the upstream's answer.
            response.PreviousResponseId = decoded.Wire.PreviousResponseId;
            store.Save(StoredResponse.Create(response, decoded.Input, exchange.ReceivedAt));
        }
    }

    public byte[] RenderError(GatewayError error) => OpenAIErrors.Render(error);

    /// <summary>An in-stream failure on the fast path: Responses' <c>error</c> event.</summary>
    public byte[] RenderStreamError(GatewayError error)
    {
        var output = new ArrayBufferWriter<byte>();
        var ev = new ResponsesEvent { Type = "error", Code = ResponsesErrorCode.Of(error), Message = error.Message, Param = error.Param };
        AnthropicSse.Write(output, "error", ev, ResponsesJson.Writer.ResponsesEvent);
        return output.WrittenSpan.ToArray();
    }
}
