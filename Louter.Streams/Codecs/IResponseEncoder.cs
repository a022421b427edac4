using System.Buffers;
using Louter.Streams.Canonical;

namespace Louter.Streams.Codecs;

/// <summary>
/// Writes canonical answers in one frontend's wire format, for one exchange (it may keep per-stream
/// state: indexes, ids, accumulated tool arguments). Created by <see cref="IFrontendCodec.CreateEncoder"/>.
/// </summary>
public interface IResponseEncoder
{
    /// <summary>The response content type, e.g. "application/json" or "text/event-stream; charset=utf-8".</summary>
    string ContentType { get; }

    /// <summary>A complete non-streamed answer as the response body.</summary>
    byte[] EncodeResponse(ChatResponse response);

    /// <summary>Appends the wire bytes for one canonical stream event (possibly none).</summary>
    void Encode(StreamEvent streamEvent, IBufferWriter<byte> output);

    /// <summary>
    /// The stream ended normally (after <see cref="MessageStop"/>): append any closing bytes
    /// (OpenAI "data: [DONE]", the "]" of Gemini's JSON array).
    /// </summary>
    void Complete(IBufferWriter<byte> output);

    /// <summary>The stream failed after it began: append the protocol's in-stream error, and whatever must close the stream.</summary>
    void Fail(Errors.GatewayError error, IBufferWriter<byte> output);
}
