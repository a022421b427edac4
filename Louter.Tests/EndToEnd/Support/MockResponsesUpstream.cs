using System.Text.Json;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Protocols.Responses.Wire;
using Microsoft.AspNetCore.Http;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// The Responses side of <see cref="MockUpstream"/> (POST …/responses): echoes the text of the last
/// user message as one output message, word by word when streaming, in the Responses wire format
/// (typed events with sequence numbers, response.completed with the output and usage). Its ids are
/// resp_up_N, so a test can tell the upstream's ids from Louter's.
/// </summary>
internal static class MockResponsesUpstream
{
    private static long _counter;

    public static string? Model(byte[] body) => ResponsesRequestDecoder.Decode(body).Request?.Model;

    public static async Task AnswerAsync(HttpResponse response, byte[] body, CancellationToken aborted)
    {
        var (request, error) = ResponsesRequestDecoder.Decode(body);
        if (request is null)
        {
            response.StatusCode = 400;
            await response.WriteAsync($$$"""{"error":{"message":{{{JsonSerializer.Serialize(error?.Message)}}},"type":"invalid_request_error","param":null,"code":null}}""", aborted);
            return;
        }

        var items = request.Input?.Items ?? [];
        var content = items.LastOrDefault(i => i?.Role == "user")?.Content;
        var text = request.Input?.Text
            ?? content?.Text
            ?? (content?.Parts is { } parts ? string.Join(" ", parts.Select(p => p?.Text)) : "(no user message)");
        var id = $"resp_up_{Interlocked.Increment(ref _counter)}";
        var message = new ResponseItem { Type = "message", Id = "msg_up_" + id[8..], Status = "completed", Role = "assistant", Content = new ResponsesContent { Parts = [ContentPart.OutputText(text)] } };
        var usage = new ResponsesUsage
        {
            InputTokens = 5 + items.Count, OutputTokens = 3, TotalTokens = 8 + items.Count,
            InputTokensDetails = new InputTokensDetails(), OutputTokensDetails = new OutputTokensDetails(),
        };
        ResponseObject Response(string status, List<ResponseItem?> output) => new()
        {
            Id = id, CreatedAt = 1_700_000_000, Status = status, Model = request.Model, Output = output, Usage = status == "completed" ? usage : null,
        };

        if (request.Stream != true)
        {
            response.ContentType = "application/json";
            await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(Response("completed", [message]), ResponsesJson.Writer.ResponseObject), aborted);
            return;
        }

        response.ContentType = "text/event-stream";
        var sequence = 0;
        async Task Send(ResponsesEvent ev)
        {
            ev.SequenceNumber = sequence++;
            var json = JsonSerializer.Serialize(ev, ResponsesJson.Writer.ResponsesEvent);
            await response.WriteAsync($"event: {ev.Type}\ndata: {json}\n\n", aborted);
            await response.Body.FlushAsync(aborted);
        }

        await Send(new ResponsesEvent { Type = "response.created", Response = Response("in_progress", []) });
        var open = new ResponseItem { Type = "message", Id = message.Id, Status = "in_progress", Role = "assistant", Content = new ResponsesContent { Parts = [] } };
        await Send(new ResponsesEvent { Type = "response.output_item.added", OutputIndex = 0, Item = open });
        await Send(new ResponsesEvent { Type = "response.content_part.added", ItemId = message.Id, OutputIndex = 0, ContentIndex = 0, Part = ContentPart.OutputText("") });
        foreach (var word in System.Text.RegularExpressions.Regex.Matches(text, @"\S+\s*").Select(m => m.Value))
            await Send(new ResponsesEvent { Type = "response.output_text.delta", ItemId = message.Id, OutputIndex = 0, ContentIndex = 0, Delta = word, Logprobs = [] });
        await Send(new ResponsesEvent { Type = "response.output_text.done", ItemId = message.Id, OutputIndex = 0, ContentIndex = 0, Text = text, Logprobs = [] });
        await Send(new ResponsesEvent { Type = "response.content_part.done", ItemId = message.Id, OutputIndex = 0, ContentIndex = 0, Part = ContentPart.OutputText(text) });
        await Send(new ResponsesEvent { Type = "response.output_item.done", OutputIndex = 0, Item = message });
        await Send(new ResponsesEvent { Type = "response.completed", Response = Response("completed", [message]) });
    }
}
