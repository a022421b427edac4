using Louter.Streams.Pipeline;

namespace Louter.Streams.Metrics;

/// <summary>
/// Per chunk written to the client: marks the first content byte (TTFT) and, in a stream, observes
/// the gap since the previous chunk. Called by the sink for every data frame, so it is O(1) and
/// allocation-free: the histogram child is resolved once per stream and kept on the exchange.
/// </summary>
internal static class ChunkMetrics
{
    /// <param name="chunks">Upstream events this write carries: events that arrived together reach the client together, so each after the first is a gap of zero.</param>
    public static void Written(Exchange exchange, TimeProvider time, int chunks = 1)
    {
        var now = time.GetTimestamp();
        if (exchange.FirstByteTimestamp == 0)
        {
            exchange.FirstByteTimestamp = now;
            if (exchange.Request?.Stream == true)
                exchange.ChunkGap = RequestMetrics.ChunkGapFor(exchange.Target?.Backend.Name ?? MetricLabels.None, exchange.ModelLabel ?? MetricLabels.Other);
        }
        else
        {
            exchange.ChunkGap?.Observe((now - exchange.LastChunkTimestamp) / (double)time.TimestampFrequency);
        }
        if (chunks > 1) exchange.ChunkGap?.Observe(0, chunks - 1);
        exchange.LastChunkTimestamp = now;
    }
}
