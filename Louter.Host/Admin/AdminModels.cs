using System.Text.Json.Serialization;

namespace Louter.Host.Admin;

/// <summary>One backend as GET /admin/backends shows it.</summary>
internal sealed record BackendView(string Name, string Protocol, string Url, string Circuit, bool Forced, [property: JsonPropertyName("forced_state")] string? ForcedState);

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
