using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// A non-streamed response object → a canonical answer. Output items in order: a message's
/// output_text parts → text, a refusal → text (stop reason refusal), function_call and
/// custom_tool_call → tool calls (the call_id is the canonical id: results refer to it), reasoning →
/// its summary as thinking plus the item itself as an opaque block, so it can go back to a Responses
/// backend on the next turn. Hosted tool items (web_search_call, …) have no canonical form and are left out.
/// </summary>
public static class ResponsesResponseDecoder
{
    /// <exception cref="JsonException">The body is not a response object.</exception>
    /// <exception cref="CodecException">The response failed; its error, mapped.</exception>
    public static ChatResponse Decode(ReadOnlySpan<byte> body)
    {
        var response = JsonSerializer.Deserialize(body, ResponsesJsonContext.Default.ResponseObject)
            ?? throw new JsonException("the response is null, not a response object");
        return Decode(response);
    }

    public static ChatResponse Decode(ResponseObject response)
    {
        if (response.Status == "failed")
            throw new CodecException(ResponsesUpstreamErrors.From(response.Error?.Code, null, response.Error?.Message, null, "failed response"));

        var content = new List<ContentBlock>(response.Output?.Count ?? 0);
        bool calledTool = false, refused = false;
        foreach (var item in response.Output ?? [])
        {
            switch (item?.Type)
            {
                case "message":
                    foreach (var part in item.Content?.Parts ?? [])
                    {
                        if (part?.Type == "output_text" && !string.IsNullOrEmpty(part.Text)) content.Add(new TextBlock(part.Text));
                        else if (part?.Type == "refusal" && !string.IsNullOrEmpty(part.Refusal))
                        {
                            refused = true;
                            content.Add(new TextBlock(part.Refusal));
                        }
                    }
                    if (item.Content?.Text is { Length: > 0 } text) content.Add(new TextBlock(text));
                    break;
                case "function_call":
                    calledTool = true;
                    content.Add(new ToolUseBlock(item.CallId ?? item.Id ?? "", item.Name ?? "", item.Arguments ?? ""));
                    break;
                case "custom_tool_call":
                    calledTool = true;
                    content.Add(new ToolUseBlock(item.CallId ?? item.Id ?? "", item.Name ?? "", item.Input ?? ""));
                    break;
                case "reasoning":
                    if (ReasoningText(item) is { Length: > 0 } thinking) content.Add(new ThinkingBlock(thinking));
                    if (ReasoningOpaque(item) is { } opaque) content.Add(opaque);
                    break;
            }
        }

        return new ChatResponse(response.Id ?? "", response.Model ?? "", content, ResponsesCompletion.StopReasonOf(response, calledTool, refused))
        {
            RawStopReason = ResponsesCompletion.RawStopReasonOf(response),
            Usage = ResponsesCompletion.UsageOf(response.Usage),
        };
    }

    /// <summary>Summary parts joined by a blank line; a model that gives its reasoning text instead (gpt-oss) gives that.</summary>
    internal static string ReasoningText(ResponseItem item)
    {
        var summary = item.Summary?.Where(p => !string.IsNullOrEmpty(p?.Text)).Select(p => p!.Text!).ToList();
        if (summary is { Count: > 0 }) return string.Join(SummarySeparator, summary);
        return string.Concat(item.Content?.Parts?.Where(p => p?.Type == "reasoning_text").Select(p => p!.Text) ?? []);
    }

    /// <summary>Between two summary parts, in the joined text and in a stream.</summary>
    internal const string SummarySeparator = "\n\n";

    /// <summary>The reasoning item as an opaque block, when it is something a Responses backend can take back.</summary>
    internal static OpaqueBlock? ReasoningOpaque(ResponseItem item)
    {
        if (string.IsNullOrEmpty(item.EncryptedContent) && string.IsNullOrEmpty(item.Id)) return null;
        var payload = JsonSerializer.SerializeToElement(item, ResponsesJsonContext.Default.ResponseItem);
        return new OpaqueBlock(ResponsesBackend.Provider, ResponsesBackend.ReasoningKind, payload);
    }
}
