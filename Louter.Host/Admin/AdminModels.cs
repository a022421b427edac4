using System.Text.Json.Serialization;

namespace Louter.Host.Admin;

/// <summary>
/// One backend as GET /admin/backends shows it: the circuit routing obeys (from this node's routing
/// table) and, from the backend's entity, its health — null when the entity did not answer in time.
/// </summary>
internal sealed record BackendView(string Name, string Protocol, string Url, string Circuit, bool Forced, [property: JsonPropertyName("forced_state")] string? ForcedState, bool Up)
{
    public HealthView? Health { get; init; }
}

/// <summary>
/// Health as the entity tracks it: its own circuit (before the override), the sliding window's counts,
/// when an open circuit turns half-open, why it last moved, and the last active health check.
/// </summary>
internal sealed record HealthView(
    string Circuit,
    DateTimeOffset? OpenUntil,
    int Trip,
    int RequestsInWindow,
    int FailuresInWindow,
    int RateLimitedInWindow,
    int ConsecutiveFailures,
    string? Reason,
    DateTimeOffset? LastHealthCheck,
    bool? LastHealthCheckOk);

/// <summary>Body of POST /admin/backends/{name}/circuit.</summary>
internal sealed record CircuitRequest(string? State);

internal sealed record AdminError(AdminErrorBody Error);

internal sealed record AdminErrorBody(string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BackendView))]
[JsonSerializable(typeof(List<BackendView>))]
[JsonSerializable(typeof(CircuitRequest))]
[JsonSerializable(typeof(AdminError))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;

/// <summary>Admin JSON is read by people: no \u0027-style escapes (the bodies are never embedded in HTML).</summary>
internal static class AdminJson
{
    public static AdminJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions(AdminJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
