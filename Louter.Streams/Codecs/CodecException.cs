using Louter.Streams.Errors;

namespace Louter.Streams.Codecs;

/// <summary>
/// A request that a codec cannot express in its backend's protocol (audio for a backend that takes
/// none, a file uploaded to another provider). Thrown while building the upstream request, before
/// anything is sent; the graph answers the client with <see cref="Error"/>. Not for upstream
/// failures: those are data (<see cref="GatewayError"/> frames), not exceptions.
/// </summary>
public sealed class CodecException : Exception
{
    public CodecException(GatewayError error)
        : base(error.Message)
    {
        Error = error;
    }

    public GatewayError Error { get; }
}
