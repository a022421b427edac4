using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Host.Diagnostics;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(DiagnosticsReport))]
internal sealed partial class DiagnosticsJsonContext : JsonSerializerContext;

/// <summary>The report as JSON (louter diagnose --json, GET /admin/diagnostics): read by people, so no \u0027-style escapes.</summary>
internal static class DiagnosticsJson
{
    public static DiagnosticsJsonContext Writer { get; } = new(new JsonSerializerOptions(DiagnosticsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Render(DiagnosticsReport report) => JsonSerializer.Serialize(report, Writer.DiagnosticsReport);
}
