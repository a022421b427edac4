namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>google.rpc.BadRequest.FieldViolation: which request field is wrong, and why.</summary>
public sealed class FieldViolation
{
    public string? Field { get; set; }
    public string? Description { get; set; }
}
