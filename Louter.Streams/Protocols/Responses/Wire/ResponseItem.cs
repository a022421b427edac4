using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Responses.Wire;

/// <summary>
/// One item of a conversation, in input and in output alike (the Responses API uses the same shapes
/// both ways). <see cref="Type"/> says which fields apply:
/// <list type="bullet">
/// <item><c>message</c> (also when type is absent): role, content, id, status;</item>
/// <item><c>function_call</c>: id (<c>fc_…</c>), call_id (<c>call_…</c>), name, arguments, status;</item>
/// <item><c>function_call_output</c>: call_id, output (string or parts);</item>
/// <item><c>custom_tool_call</c>: id, call_id, name, input; <c>custom_tool_call_output</c>: call_id, output;</item>
/// <item><c>reasoning</c>: id, summary, content, encrypted_content;</item>
/// <item><c>item_reference</c>: id of an item of a stored response;</item>
/// <item><c>additional_tools</c>: role, tools — tool declarations in the conversation itself
/// (Codex sends its whole tool set this way, and no top-level <c>tools</c>, for the models it knows).</item>
/// </list>
/// Fields Louter does not know are kept in <see cref="Extra"/>, so an item sent back to a Responses
/// backend is the item the client sent.
/// </summary>
public sealed class ResponseItem
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Status { get; set; }
    public string? Role { get; set; }
    public ResponsesContent? Content { get; set; }
    public string? CallId { get; set; }
    public string? Name { get; set; }

    /// <summary>The namespace a called tool was declared in (a <c>namespace</c> tool group).</summary>
    public string? Namespace { get; set; }
    public string? Arguments { get; set; }
    public ResponsesContent? Output { get; set; }

    /// <summary>custom_tool_call: the raw input string.</summary>
    public string? Input { get; set; }

    /// <summary>reasoning: summary parts (<c>summary_text</c>). Always written, even empty.</summary>
    public List<ContentPart?>? Summary { get; set; }
    public string? EncryptedContent { get; set; }

    /// <summary>additional_tools: the tools it declares (same shapes as the request's <c>tools</c>).</summary>
    public List<ResponsesTool?>? Tools { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// A content part: <c>input_text</c>/<c>output_text</c>/<c>summary_text</c>/<c>reasoning_text</c> (text),
/// <c>input_image</c> (image_url or file_id, detail), <c>input_file</c> (file_data, file_url or file_id, filename),
/// <c>input_audio</c> (input_audio), <c>refusal</c> (refusal).
/// </summary>
public sealed class ContentPart
{
    public string? Type { get; set; }
    public string? Text { get; set; }
    public string? ImageUrl { get; set; }
    public string? FileId { get; set; }
    public string? Detail { get; set; }
    public string? FileData { get; set; }
    public string? FileUrl { get; set; }
    public string? Filename { get; set; }
    public InputAudio? InputAudio { get; set; }
    public string? Refusal { get; set; }

    /// <summary>output_text: always written as [] by Louter.</summary>
    public List<JsonElement>? Annotations { get; set; }
    public List<JsonElement>? Logprobs { get; set; }

    /// <summary>Fields Louter does not know, kept so a part sent on to a Responses backend is the part the client sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public static ContentPart OutputText(string text) => new() { Type = "output_text", Text = text, Annotations = [], Logprobs = [] };

    public static ContentPart SummaryText(string text) => new() { Type = "summary_text", Text = text };
}

public sealed class InputAudio
{
    public string? Data { get; set; }
    public string? Format { get; set; }
}
