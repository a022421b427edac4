using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// One entry of <c>error.details</c>, discriminated by <c>@type</c>. Louter reads and writes
/// google.rpc.RetryInfo (<c>retryDelay</c>, a duration like "30s") and google.rpc.BadRequest
/// (<c>fieldViolations</c>); other detail types keep their fields in <see cref="Other"/>.
/// </summary>
public sealed class GeminiErrorDetail
{
    public const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";
    public const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    [JsonPropertyName("@type")]
    public string? Type { get; set; }

    public string? RetryDelay { get; set; }

    public List<FieldViolation>? FieldViolations { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
