using Louter.Streams.Classification;

namespace Louter.Streams.Routing;

/// <summary>What routing looks at: the model name, what the request contains, and its body (for the token estimate).</summary>
public readonly record struct RouteRequest(string Model, RequestNeeds Needs, ReadOnlyMemory<byte> Body = default)
{
    /// <summary>A request that needs nothing but text (count_tokens, tests).</summary>
    public static RouteRequest ForModel(string model) => new(model, RequestNeeds.Text);
}
