using Louter.Streams.Classification;

namespace Louter.Streams.Routing.Strategies;

/// <summary>One routing decision in progress: the request, what the strategy found out, and why (for the debug log).</summary>
public sealed class RouteContext(RouteRequest request, RoutingOptions options)
{
    private long? _estimatedTokens;

    public RouteRequest Request { get; } = request;
    public RoutingOptions Options { get; } = options;

    /// <summary>Input tokens by <see cref="InputTokenEstimator"/>; computed on first use (only when a backend sets context_window).</summary>
    public long EstimatedTokens => _estimatedTokens ??= InputTokenEstimator.Estimate(Request.Body.Span);

    /// <summary>Notes for the debug log, in order.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>The price routing compares for a candidate: its own, else the upstream or client model's in [cost_tracking.pricing].</summary>
    public double PriceOf(RouteCandidate candidate) =>
        candidate.Backend.Price?.Combined
        ?? (Options.ModelPrices.TryGetValue(candidate.UpstreamModel, out var upstream) ? upstream.Combined
        : Options.ModelPrices.TryGetValue(Request.Model, out var client) ? client.Combined
        : double.PositiveInfinity);
}
