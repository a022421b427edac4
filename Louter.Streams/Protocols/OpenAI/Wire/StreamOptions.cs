namespace Louter.Streams.Protocols.OpenAI.Wire;

public sealed class StreamOptions
{
    public bool? IncludeUsage { get; set; }
}
