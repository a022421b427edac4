using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Host.Observability.RequestLog;

/// <summary>One request-log line as <c>louter logs</c> reads it back (the fields <see cref="RequestLogSerializer"/> writes).</summary>
internal sealed record LoggedRequest
{
    public DateTimeOffset? Timestamp { get; init; }
    public required string RequestId { get; init; }
    public string? Frontend { get; init; }
    public string? Backend { get; init; }
    public string? Model { get; init; }
    public string? BackendModel { get; init; }
    public bool Stream { get; init; }
    public int Status { get; init; }
    public string? Outcome { get; init; }
    public string? ErrorType { get; init; }
    public string? Error { get; init; }
    public int Retries { get; init; }
    public double? TtftMs { get; init; }
    public double? E2eMs { get; init; }
    public double? ItlMs { get; init; }
    public double? Tps { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public string? ClientAddress { get; init; }
    public string? ApiKeyId { get; init; }

    /// <summary>A JSON body as JSON, anything else (an SSE stream, a cut-off body) as a JSON string.</summary>
    public JsonElement? RequestBody { get; init; }
    public JsonElement? ResponseBody { get; init; }

    [JsonIgnore]
    public bool IsError => Status >= 400 || ErrorType is not null;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(LoggedRequest))]
[JsonSerializable(typeof(RequestLogStats.Report))]
internal sealed partial class RequestLogJsonContext : JsonSerializerContext;
