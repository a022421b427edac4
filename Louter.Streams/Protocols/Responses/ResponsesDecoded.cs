using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// A decoded Responses request. <see cref="Items"/> is the whole conversation the model sees: the
/// items of the stored responses named by previous_response_id (oldest first), then this request's input.
/// </summary>
public sealed class ResponsesDecoded : DecodedRequest
{
    public required ResponsesRequest Wire { get; init; }

    public required IReadOnlyList<ResponseItem> Items { get; init; }

    /// <summary>This request's own input items (what a stored response records as its input).</summary>
    public required IReadOnlyList<ResponseItem> Input { get; init; }

    /// <summary>True when <see cref="Items"/> holds items of a stored response: the body sent upstream must be rebuilt.</summary>
    public bool HasHistory { get; init; }

    /// <summary>Store the answer (the request's <c>store</c>, default true).</summary>
    public bool Store => Wire.Store != false;

    /// <summary>Names of the client's freeform (<c>custom</c>) tools: their calls are answered as custom_tool_call items.</summary>
    public required IReadOnlySet<string> CustomTools { get; init; }

    /// <summary>The exchange's warnings: what the mapping to another protocol had to leave out is noted here.</summary>
    public required List<string> Warnings { get; init; }

    /// <summary>The namespace of each tool declared in a <c>namespace</c> group: its calls say so.</summary>
    public required IReadOnlyDictionary<string, string> Namespaces { get; init; }
}
