namespace Louter.Streams.Classification;

/// <summary>What a request needs from a backend, found by looking at its content.</summary>
[Flags]
public enum RequestNeeds
{
    None = 0,
    Text = 1 << 0,
    Vision = 1 << 1,
    Audio = 1 << 2,
    Video = 1 << 3,
    Document = 1 << 4,
    FunctionCalling = 1 << 5,
    StructuredOutput = 1 << 6,
    Reasoning = 1 << 7,
    Stream = 1 << 8,
}
