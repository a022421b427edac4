using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

public static partial class ResponsesRequestBuilder
{
    /// <summary>
    /// Canonical messages → input items, in order:
    /// <code>
    ///   user turn        function_call_output items (tool results) first, then one user message
    ///                    with the rest (input_text, input_image, input_file parts)
    ///   assistant turn   consecutive text → one assistant message (output_text parts); each tool
    ///                    call → a function_call (custom_tool_call for a freeform tool); a Responses
    ///                    reasoning item → itself, verbatim, where it stood
    /// </code>
    /// Dropped: reasoning text (the Responses API takes reasoning back only as its own items),
    /// other providers' opaque blocks, and empty text.
    /// </summary>
    private static List<ResponseItem?> Input(ChatRequest request, string backend, HashSet<string> freeform, out bool sentReasoning)
    {
        sentReasoning = false;
        var freeformCalls = FreeformCallIds(request, freeform);
        var items = new List<ResponseItem?>();
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (message.Role == ChatRole.Assistant) sentReasoning |= AddAssistant(items, message, freeform);
            else AddUser(items, message, i, backend, freeformCalls);
        }
        return items;
    }

    /// <summary>The call ids of freeform tool calls in the history: their results must be custom_tool_call_output.</summary>
    private static HashSet<string> FreeformCallIds(ChatRequest request, HashSet<string> freeform)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (freeform.Count == 0) return ids;
        foreach (var message in request.Messages)
        {
            foreach (var block in message.Content)
            {
                if (block is ToolUseBlock call && freeform.Contains(call.Name)) ids.Add(call.Id);
            }
        }
        return ids;
    }

    private static bool AddAssistant(List<ResponseItem?> items, ChatMessage message, HashSet<string> freeform)
    {
        var sentReasoning = false;
        List<ContentPart?>? text = null;
        foreach (var block in message.Content)
        {
            switch (block)
            {
                case TextBlock { Text.Length: > 0 } t:
                    // Only type and text: the shape OpenAI's own Codex sends back (no annotations, no logprobs).
                    (text ??= []).Add(new ContentPart { Type = "output_text", Text = t.Text });
                    continue;
                case ToolUseBlock call:
                    Flush();
                    items.Add(freeform.Contains(call.Name)
                        ? new ResponseItem { Type = "custom_tool_call", CallId = call.Id, Name = call.Name, Input = call.ArgumentsJson }
                        : new ResponseItem { Type = "function_call", CallId = call.Id, Name = call.Name, Arguments = string.IsNullOrEmpty(call.ArgumentsJson) ? "{}" : call.ArgumentsJson });
                    continue;
                case OpaqueBlock { Provider: ResponsesBackend.Provider, Kind: ResponsesBackend.ReasoningKind } opaque when ReasoningItem(opaque.Payload) is { } reasoning:
                    Flush();
                    items.Add(reasoning);
                    sentReasoning = true;
                    continue;
            }
        }
        Flush();
        return sentReasoning;

        void Flush()
        {
            if (text is null) return;
            items.Add(new ResponseItem { Type = "message", Role = "assistant", Content = new ResponsesContent { Parts = text } });
            text = null;
        }
    }

    /// <summary>
    /// A reasoning item as the upstream gave it, to go back verbatim. Only one that carries its
    /// encrypted content can: with store=false the upstream keeps nothing, and an item given by id
    /// alone fails the turn with "Item with id 'rs_…' not found. Items are not persisted when
    /// `store` is set to false." Such an item is left out; the model reasons afresh.
    /// </summary>
    private static ResponseItem? ReasoningItem(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object) return null;
        ResponseItem? item;
        try
        {
            item = payload.Deserialize(ResponsesJsonContext.Default.ResponseItem);
        }
        catch (JsonException)
        {
            return null;
        }
        if (item is not { Type: "reasoning", EncryptedContent.Length: > 0 }) return null;
        // The API requires "summary" on a reasoning input item, even empty.
        item.Summary ??= [];
        return item;
    }

    private static void AddUser(List<ResponseItem?> items, ChatMessage message, int index, string backend, HashSet<string> freeformCalls)
    {
        List<ContentPart?>? parts = null;
        for (var j = 0; j < message.Content.Count; j++)
        {
            var path = $"messages[{index}].content[{j}]";
            switch (message.Content[j])
            {
                case ToolResultBlock result:
                    var custom = freeformCalls.Contains(result.ToolUseId);
                    items.Add(new ResponseItem
                    {
                        Type = custom ? "custom_tool_call_output" : "function_call_output",
                        CallId = result.ToolUseId,
                        Output = ToolOutput(result, path, backend),
                    });
                    break;
                case var block when Part(block, path, backend) is { } part:
                    (parts ??= []).Add(part);
                    break;
            }
        }
        // Tool results first: they answer the calls of the assistant turn just before.
        if (parts is not null) items.Add(new ResponseItem { Type = "message", Role = "user", Content = new ResponsesContent { Parts = parts } });
    }

    /// <summary>
    /// A tool result's output: its text, or parts when it holds images or files. The Responses API
    /// has no error flag on an output, so a failed call says so in words (as the Chat Completions codec does).
    /// </summary>
    private static ResponsesContent ToolOutput(ToolResultBlock result, string path, string backend)
    {
        if (result.Content.All(b => b is TextBlock))
        {
            var text = result.Text;
            return ResponsesContent.Of(result.IsError && !text.StartsWith("Error", StringComparison.Ordinal) ? "Error: " + text : text);
        }
        var parts = new List<ContentPart?>(result.Content.Count);
        if (result.IsError) parts.Add(new ContentPart { Type = "input_text", Text = "Error:" });
        for (var k = 0; k < result.Content.Count; k++)
        {
            if (Part(result.Content[k], $"{path}.content[{k}]", backend) is { } part) parts.Add(part);
        }
        return new ResponsesContent { Parts = parts };
    }

    /// <summary>One block of a user turn as an input part, or null for what has no input form (reasoning, opaque blocks, empty text).</summary>
    private static ContentPart? Part(ContentBlock block, string path, string backend) => block switch
    {
        TextBlock { Text.Length: 0 } => null,
        TextBlock t => new ContentPart { Type = "input_text", Text = t.Text },
        ImageBlock image => image.Source switch
        {
            MediaSource.Inline inline => new ContentPart { Type = "input_image", ImageUrl = DataUrl.Create(inline.MimeType, inline.Base64Data), Detail = image.Detail ?? "auto" },
            MediaSource.Url url => new ContentPart { Type = "input_image", ImageUrl = url.Address, Detail = image.Detail ?? "auto" },
            MediaSource.FileId file => new ContentPart { Type = "input_image", FileId = OwnFile(file, path, backend, "an image"), Detail = image.Detail ?? "auto" },
            _ => throw Refuse(backend, "this image source", path),
        },
        DocumentBlock document => document.Source switch
        {
            MediaSource.Inline inline => new ContentPart
            {
                Type = "input_file",
                FileData = DataUrl.Create(inline.MimeType, inline.Base64Data),
                Filename = document.Name ?? DefaultFileName(inline.MimeType),
            },
            MediaSource.Url url => new ContentPart { Type = "input_file", FileUrl = url.Address, Filename = document.Name },
            MediaSource.FileId file => new ContentPart { Type = "input_file", FileId = OwnFile(file, path, backend, "a document") },
            _ => throw Refuse(backend, "this document source", path),
        },
        // The Responses API's input parts are text, images and files: no audio (input_audio is Chat
        // Completions only), no video.
        AudioBlock => throw Refuse(backend, "audio input", path),
        VideoBlock => throw Refuse(backend, "video input", path),
        _ => null,
    };

    /// <summary>The upstream names a file by its extension when it reads the data: a file name is required with file_data.</summary>
    private static string DefaultFileName(string mimeType) => mimeType switch
    {
        "application/pdf" => "document.pdf",
        "text/plain" => "document.txt",
        "text/markdown" => "document.md",
        "text/csv" => "document.csv",
        "application/json" => "document.json",
        _ => "document",
    };

    private static string OwnFile(MediaSource.FileId file, string path, string backend, string what) =>
        file.Provider is null or "openai" or ResponsesBackend.Provider
            ? file.Id
            : throw Refuse(backend, $"{what} uploaded to {file.Provider}", path);

    private static CodecException Refuse(string backend, string what, string path) =>
        new(GatewayError.Invalid($"Backend '{backend}' (openai-responses) cannot take {what} ({path}).", path, "unsupported_content"));
}
