using Louter.Streams.Errors;

namespace Louter.Streams.Pipeline;

/// <summary>
/// One client-facing protocol (OpenAI Chat today): how to decode its requests, how to turn backend
/// frames into its wire format, and how to render errors in its shape.
/// </summary>
public interface IFrontend
{
    /// <summary>Short name for logs and metrics labels, e.g. "openai".</summary>
    string Name { get; }

    /// <summary>Decodes <see cref="Exchange.Body"/>; sets <see cref="Exchange.Request"/> or <see cref="Exchange.Error"/>.</summary>
    void Decode(Exchange exchange);

    /// <summary>Classifies the decoded request's needs.</summary>
    Classification.RequestNeeds Classify(DecodedRequest request);

    /// <summary>Backend frame → client frame, or null to drop it (e.g. a usage chunk the client did not ask for).</summary>
    ClientFrame? Translate(in BackendFrame frame);

    /// <summary>An error as a complete HTTP response body in this protocol's shape.</summary>
    byte[] RenderError(GatewayError error);

    /// <summary>An error as an in-stream event, for failures after streaming began.</summary>
    byte[] RenderStreamError(GatewayError error);
}
