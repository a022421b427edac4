using System.Globalization;
using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;

namespace Louter.Tests.Conformance;

/// <summary>
/// Canonical requests and answers as stable, line-per-fact text: what the suite compares, so a
/// failing row shows a readable diff instead of "records differ". JSON (schemas, arguments) is
/// re-written compactly, so whitespace a codec chose never counts as a difference.
/// </summary>
internal static class CanonicalText
{
    public static string Of(ChatRequest r)
    {
        var sb = new StringBuilder();
        Line(sb, $"model: {r.Model}");
        Line(sb, $"stream: {r.Stream}");
        foreach (var s in r.System) Line(sb, "system: " + Of(s));
        foreach (var m in r.Messages)
        {
            Line(sb, $"{m.Role}:");
            foreach (var b in m.Content) Line(sb, "  - " + Of(b));
        }
        foreach (var t in r.Tools) Line(sb, $"tool: {t.Name} {Quote(t.Description)} {Json(t.InputSchema)} strict={t.Strict} freeform={t.Freeform}");
        if (r.ToolChoice is { } c) Line(sb, $"tool_choice: {c.Mode} {c.Name} parallel={c.ParallelCalls?.ToString() ?? "-"}");
        var p = r.Sampling;
        Line(sb, $"sampling: temperature={Num(p.Temperature)} top_p={Num(p.TopP)} top_k={p.TopK} seed={p.Seed} max={p.MaxOutputTokens} n={p.CandidateCount} presence={Num(p.PresencePenalty)} frequency={Num(p.FrequencyPenalty)}");
        if (p.Stop.Count > 0) Line(sb, $"stop: [{string.Join(", ", p.Stop.Select(Quote))}]");
        if (r.ResponseFormat is { } f) Line(sb, $"format: {f.Kind} name={f.Name} strict={f.Strict} {Json(f.Schema)}");
        if (r.Reasoning is { } z) Line(sb, $"reasoning: effort={z.Effort} budget={z.BudgetTokens} include={z.IncludeThoughts} disabled={z.Disabled}");
        if (r.User is { } u) Line(sb, $"user: {u}");
        return sb.ToString();
    }

    public static string Of(ChatResponse r)
    {
        var sb = new StringBuilder();
        foreach (var b in r.Content) Line(sb, "- " + Of(b));
        Line(sb, $"stop: {r.StopReason} sequence={Quote(r.StopSequence)}");
        if (r.Usage is { } u) Line(sb, $"usage: input={u.Input} output={u.Output} cache_read={u.CacheRead} cache_write={u.CacheWrite} reasoning={u.Reasoning}");
        return sb.ToString();
    }

    public static string Of(ContentBlock block) => block switch
    {
        TextBlock t => $"text {Quote(t.Text)}" + (t.CacheControl is { } cc ? $" cache={cc.Type}/{cc.Ttl}" : ""),
        ImageBlock i => $"image {Of(i.Source)} detail={i.Detail}",
        AudioBlock a => $"audio {Of(a.Source)} format={a.Format}",
        DocumentBlock d => $"document {Of(d.Source)} name={d.Name}",
        VideoBlock v => $"video {Of(v.Source)}",
        ToolUseBlock u => $"tool_use id={u.Id} name={u.Name} args={JsonText(u.ArgumentsJson)} signature={u.ThoughtSignature}",
        ToolResultBlock r => $"tool_result id={r.ToolUseId} name={r.Name} error={r.IsError} [{string.Join(" | ", r.Content.Select(Of))}]",
        ThinkingBlock t => $"thinking {Quote(t.Text)} signature={t.Signature}",
        OpaqueBlock o => $"opaque {o.Provider}/{o.Kind} {o.Payload.GetRawText()}",
        _ => block.ToString(),
    };

    private static string Of(MediaSource source) => source switch
    {
        MediaSource.Inline i => $"inline {i.MimeType} {i.Base64Data.Length} base64 chars #{StableHash(i.Base64Data)}",
        MediaSource.Url u => $"url {u.Address} mime={u.MimeType}",
        MediaSource.FileId f => $"file {f.Id} provider={f.Provider}",
        _ => source.ToString(),
    };

    /// <summary>JSON text compacted, or the text itself (quoted) when it is not JSON.</summary>
    public static string JsonText(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return Json(doc.RootElement);
        }
        catch (JsonException)
        {
            return "raw:" + Quote(text);
        }
    }

    public static string Json(JsonElement? element)
    {
        if (element is not { } e) return "-";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            e.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Quote(string? s) => s is null ? "-" : JsonSerializer.Serialize(s, Louter.Tests.Conformance.TextJson.Options);

    private static string Num(double? d) => d?.ToString("R", CultureInfo.InvariantCulture) ?? "-";

    private static string StableHash(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s) hash = (hash ^ c) * 16777619u;
        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    private static void Line(StringBuilder sb, string line) => sb.Append(line).Append('\n');
}

internal static class TextJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
