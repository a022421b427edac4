using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Routing;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>
/// Canonical request → an OpenAI Chat Completions body for a backend of that protocol.
/// What OpenAI cannot take back is dropped on purpose: other providers' reasoning (OpenAI accepts
/// no reasoning in history) and opaque provider blocks. top_k has no OpenAI field and is not sent.
/// </summary>
public static class OpenAIRequestWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ChatRequest request, RouteCandidate target)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("model", target.UpstreamModel);
            WriteMessages(w, request, target.Backend);
            WriteTools(w, request);
            WriteSampling(w, request, target.Backend);
            if (request.Stream)
            {
                w.WriteBoolean("stream", true);
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }
            if (request.User is { } user) w.WriteString("user", user);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessages(Utf8JsonWriter w, ChatRequest request, BackendDescriptor backend)
    {
        w.WriteStartArray("messages");
        if (request.System.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("role", "system");
            w.WriteString("content", string.Join("\n\n", request.System.Select(s => s.Text)));
            w.WriteEndObject();
        }

        var freeform = request.Tools.Where(t => t.Freeform).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (message.Role == Canonical.ChatRole.Assistant) WriteAssistant(w, message, freeform);
            else WriteUser(w, message, i, backend);
        }
        w.WriteEndArray();
    }

    private static void WriteAssistant(Utf8JsonWriter w, Canonical.ChatMessage message, HashSet<string> freeform)
    {
        w.WriteStartObject();
        w.WriteString("role", "assistant");
        var text = string.Concat(message.Content.OfType<TextBlock>().Select(t => t.Text));
        // A freeform tool is declared as a function of one string "input"; its raw input in the history
        // must take the same shape, or the model sees arguments that are not JSON (and servers that
        // parse arguments for their chat templates refuse the request).
        var calls = message.Content.OfType<ToolUseBlock>()
            .Select(c => freeform.Contains(c.Name) ? c with { ArgumentsJson = FreeformArguments(c.ArgumentsJson) } : c)
            .ToList();
        if (text.Length > 0 || calls.Count == 0) w.WriteString("content", text);
        else w.WriteNull("content");
        if (calls.Count > 0)
        {
            OpenAIToolCallsJson.Write(w, calls);
        }
        w.WriteEndObject();
    }

    private static string FreeformArguments(string input)
    {
        var buffer = new ArrayBufferWriter<byte>(input.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString(FreeformInput.Parameter, input);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Tool results become role "tool" messages (first, in order); the rest of the turn one user message.</summary>
    private static void WriteUser(Utf8JsonWriter w, Canonical.ChatMessage message, int index, BackendDescriptor backend)
    {
        foreach (var result in message.Content.OfType<ToolResultBlock>())
        {
            w.WriteStartObject();
            w.WriteString("role", "tool");
            w.WriteString("tool_call_id", result.ToolUseId);
            w.WriteString("content", result.IsError && !result.Text.StartsWith("Error", StringComparison.Ordinal) ? "Error: " + result.Text : result.Text);
            w.WriteEndObject();
        }

        var rest = message.Content.Where(b => b is not ToolResultBlock).ToList();
        if (rest.Count == 0) return;

        w.WriteStartObject();
        w.WriteString("role", "user");
        if (rest.All(b => b is TextBlock))
        {
            w.WriteString("content", string.Join("\n", rest.Cast<TextBlock>().Select(t => t.Text)));
        }
        else
        {
            w.WriteStartArray("content");
            for (var j = 0; j < rest.Count; j++) WritePart(w, rest[j], $"messages[{index}].content[{j}]", backend);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter w, ContentBlock block, string path, BackendDescriptor backend)
    {
        w.WriteStartObject();
        switch (block)
        {
            case TextBlock text:
                w.WriteString("type", "text");
                w.WriteString("text", text.Text);
                break;
            case ImageBlock image:
                w.WriteString("type", "image_url");
                w.WriteStartObject("image_url");
                w.WriteString("url", image.Source switch
                {
                    MediaSource.Inline inline => DataUrl.Create(inline.MimeType, inline.Base64Data),
                    MediaSource.Url url => url.Address,
                    _ => throw Unsupported(backend, "an image given as a provider file id", path),
                });
                if (image.Detail is { } detail) w.WriteString("detail", detail);
                w.WriteEndObject();
                break;
            case AudioBlock { Source: MediaSource.Inline audio } clip:
                w.WriteString("type", "input_audio");
                w.WriteStartObject("input_audio");
                w.WriteString("data", audio.Base64Data);
                w.WriteString("format", clip.Format ?? audio.MimeType.Split('/')[^1]);
                w.WriteEndObject();
                break;
            case AudioBlock:
                throw Unsupported(backend, "audio by URL (OpenAI takes inline audio only)", path);
            case DocumentBlock document:
                w.WriteString("type", "file");
                w.WriteStartObject("file");
                switch (document.Source)
                {
                    case MediaSource.Inline inline:
                        w.WriteString("file_data", DataUrl.Create(inline.MimeType, inline.Base64Data));
                        w.WriteString("filename", document.Name ?? "document.pdf");
                        break;
                    case MediaSource.FileId { Provider: null or "openai" } file:
                        w.WriteString("file_id", file.Id);
                        break;
                    default:
                        throw Unsupported(backend, "a document by URL or by another provider's file id", path);
                }
                w.WriteEndObject();
                break;
            case VideoBlock:
                throw Unsupported(backend, "video input", path);
            default:
                // Thinking and opaque blocks in a user turn have no OpenAI form.
                w.WriteString("type", "text");
                w.WriteString("text", "");
                break;
        }
        w.WriteEndObject();
    }

    private static CodecException Unsupported(BackendDescriptor backend, string what, string path) =>
        CodecException.Unsupported(backend.Name, "openai", what + $" ({path})", path);

    private static void WriteTools(Utf8JsonWriter w, ChatRequest request)
    {
        if (request.Tools.Count > 0)
        {
            w.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", tool.Name);
                if (tool.Description is { } description) w.WriteString("description", description);
                w.WritePropertyName("parameters");
                if (tool.Freeform) w.WriteRawValue("""{"type":"object","properties":{"input":{"type":"string"}},"required":["input"]}""");
                else if (tool.InputSchema is { } schema) schema.WriteTo(w);
                else w.WriteRawValue("""{"type":"object","properties":{}}""");
                if (tool.Strict is { } strict) w.WriteBoolean("strict", strict);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        if (request.ToolChoice is { } choice)
        {
            switch (choice.Mode)
            {
                case ToolChoiceMode.Specific:
                    w.WriteStartObject("tool_choice");
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", choice.Name);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                default:
                    w.WriteString("tool_choice", choice.Mode switch { ToolChoiceMode.None => "none", ToolChoiceMode.Required => "required", _ => "auto" });
                    break;
            }
            if (choice.ParallelCalls is false && request.Tools.Count > 0) w.WriteBoolean("parallel_tool_calls", false);
        }
    }

    private static void WriteSampling(Utf8JsonWriter w, ChatRequest request, BackendDescriptor backend)
    {
        var s = request.Sampling;
        if (s.Temperature is { } temperature) w.WriteNumber("temperature", temperature);
        if (s.TopP is { } topP) w.WriteNumber("top_p", topP);
        if (s.Stop.Count > 0)
        {
            w.WriteStartArray("stop");
            foreach (var stop in s.Stop) w.WriteStringValue(stop);
            w.WriteEndArray();
        }
        if (s.Seed is { } seed) w.WriteNumber("seed", seed);
        if (s.PresencePenalty is { } presence) w.WriteNumber("presence_penalty", presence);
        if (s.FrequencyPenalty is { } frequency) w.WriteNumber("frequency_penalty", frequency);
        if (s.CandidateCount is { } n) w.WriteNumber("n", n);
        if (s.MaxOutputTokens is { } max)
            w.WriteNumber(backend.MaxTokensField == MaxTokensFieldName.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens", max);

        if (request.ResponseFormat is { Kind: not ResponseFormatKind.Text } format)
        {
            w.WriteStartObject("response_format");
            if (format.Kind == ResponseFormatKind.JsonObject || format.Schema is null)
            {
                w.WriteString("type", "json_object");
            }
            else
            {
                w.WriteString("type", "json_schema");
                w.WriteStartObject("json_schema");
                w.WriteString("name", format.Name ?? "response");
                w.WritePropertyName("schema");
                format.Schema.Value.WriteTo(w);
                if (format.Strict is { } strict) w.WriteBoolean("strict", strict);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        if (request.Reasoning is { Disabled: false } reasoning && EffortOf(reasoning) is { } effort)
            w.WriteString("reasoning_effort", effort);
    }

    /// <summary>
    /// OpenAI takes an effort, not a budget: a budget maps to the effort whose typical spend it is
    /// closest to (≤ 2k tokens low, ≤ 16k medium, more high).
    /// </summary>
    internal static string? EffortOf(Reasoning reasoning) => reasoning.Effort ?? reasoning.BudgetTokens switch
    {
        null => null,
        <= 2048 => "low",
        <= 16384 => "medium",
        _ => "high",
    };
}
