using Louter.Streams.Pipeline;

namespace Louter.Streams.Metrics;

/// <summary>
/// Per chunk written to the client: marks the first content byte (TTFT) and, in a stream, observes
/// the gap since the previous chunk. Called by the sink for every data frame, so it is O(1) and
/// allocation-free: the histogram child is resolved once per stream and kept on the exchange.
/// </summary>
internal static class ChunkMetrics
{
    public static void Written(Exchange exchange, TimeProvider time)
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
        exchange.LastChunkTimestamp = now;
    }
}
