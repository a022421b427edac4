using Louter.Streams.Errors;

namespace Louter.Streams.Codecs;

/// <summary>
/// A request that cannot be expressed for the chosen backend (audio for a backend that takes none,
/// a media URL it cannot fetch): thrown by mappers, answered by the graph with <see cref="Error"/>
/// in the client's protocol. Not a bug, so the graph does not log it as one.
/// </summary>
public sealed class CodecException(GatewayError error) : Exception(error.Message)
{
    public GatewayError Error { get; } = error;

    /// <summary>400: the backend cannot take this part of the request.</summary>
    public static CodecException Unsupported(string backend, string protocol, string what, string? param = null) =>
        new(GatewayError.Invalid($"Backend '{backend}' ({protocol}) cannot take {what}.", param, "unsupported_content"));
}
