using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Louter.Streams.Errors;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// Writes a <see cref="RequestLogEntry"/> as one JSON object with snake_case fields; absent values
/// are left out. Runs on the writer's thread: redaction of headers and bodies happens here.
/// </summary>
internal static class RequestLogSerializer
{
    /// <summary>Log files are read by people and jq, not by browsers: no \u-escaping of &lt;, &gt;, &amp; or non-ASCII.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Outcomes = Names<UpstreamOutcome>();
    private static readonly string[] ErrorKinds = Names<GatewayErrorKind>();

    public static void Write(Utf8JsonWriter json, RequestLogEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("timestamp", entry.Timestamp.UtcDateTime);
        json.WriteString("request_id", entry.RequestId);
        json.WriteString("frontend", entry.Frontend);
        WriteIfPresent(json, "backend", entry.Backend);
        WriteIfPresent(json, "model", entry.Model);
        WriteIfPresent(json, "backend_model", entry.BackendModel);
        json.WriteBoolean("stream", entry.Stream);
        json.WriteNumber("status", entry.Status);
        json.WriteString("outcome", Outcomes[(int)entry.Outcome]);
        if (entry.ErrorKind is { } kind) json.WriteString("error_type", ErrorKinds[(int)kind]);
        WriteIfPresent(json, "error", entry.Error);
        json.WriteNumber("retries", Math.Max(0, entry.Attempts - 1));
        WriteMs(json, "ttft_ms", entry.TtftMs);
        WriteMs(json, "e2e_ms", entry.E2eMs);
        WriteMs(json, "itl_ms", entry.ItlMs);
        if (entry.Tps is { } tps) json.WriteNumber("tps", Math.Round(tps, 2));
        WriteIfPresent(json, "input_tokens", entry.InputTokens);
        WriteIfPresent(json, "output_tokens", entry.OutputTokens);
        if (entry.CacheReadTokens is > 0) json.WriteNumber("cache_read_tokens", entry.CacheReadTokens.Value);
        if (entry.CacheWriteTokens is > 0) json.WriteNumber("cache_write_tokens", entry.CacheWriteTokens.Value);
        if (entry.ReasoningTokens is > 0) json.WriteNumber("reasoning_tokens", entry.ReasoningTokens.Value);
        WriteIfPresent(json, "client_address", entry.ClientAddress?.ToString());
        WriteIfPresent(json, "api_key_id", entry.ApiKeyId);
        WriteIfPresent(json, "request_bytes", entry.RequestBytes);
        WriteIfPresent(json, "response_bytes", entry.ResponseBytes);
        if (entry.RequestHeaders is { } headers)
        {
            json.WriteStartObject("request_headers");
            foreach (var (name, value) in headers) json.WriteString(name.ToLowerInvariant(), Redactor.RedactHeader(name, value));
            json.WriteEndObject();
        }

        if (entry.RequestBody is { } request) WriteBody(json, "request_body", request);
        if (entry.ResponseBody is { } response) WriteBody(json, "response_body", response);
        json.WriteEndObject();
    }

    /// <summary>A JSON body stays JSON (redacted in place); anything else (an SSE stream, a cut-off body) is written as a string.</summary>
    private static void WriteBody(Utf8JsonWriter json, string name, ReadOnlyMemory<byte> body)
    {
        var text = Redactor.RedactText(Encoding.UTF8.GetString(body.Span));
        json.WritePropertyName(name);
        if (IsJson(text)) json.WriteRawValue(text, skipInputValidation: true);
        else json.WriteStringValue(text);
    }

    private static bool IsJson(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '[')) return false;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteMs(Utf8JsonWriter json, string name, double? ms)
    {
        if (ms is { } value) json.WriteNumber(name, Math.Round(value, 3));
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } n) json.WriteNumber(name, n);
    }

    /// <summary>Enum member names in snake_case, indexed by value: ClientCancelled → client_cancelled.</summary>
    private static string[] Names<T>() where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var names = new string[values.Length];
        foreach (var value in values) names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
        return names;
    }
}
