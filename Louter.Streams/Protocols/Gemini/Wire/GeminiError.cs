namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>A google.rpc.Status: HTTP code, message, canonical status name, typed details.</summary>
public sealed class GeminiError
{
    public int? Code { get; set; }
    public string? Message { get; set; }
    public string? Status { get; set; }
    public List<GeminiErrorDetail>? Details { get; set; }
}
