namespace Louter.Streams.Backends;

/// <summary>
/// What the call measures for the metrics (Metrics/RequestMetrics.cs): how long it awaited the
/// upstream, which the gateway overhead leaves out, and the backend's own time to first token.
/// </summary>
internal sealed partial class UpstreamCall
{
    /// <summary>The start of an await on the upstream (a send, a read, a pause before a retry).</summary>
    private long WaitStarts() => _transports.Time.GetTimestamp();

    /// <summary>Adds the await that began at <paramref name="started"/> (0: none began) to the exchange's upstream wait.</summary>
    private void WaitEnds(long started)
    {
        if (started != 0) _exchange.UpstreamWait += _transports.Time.GetTimestamp() - started;
    }

    /// <summary>
    /// The answering attempt's first event (stream) or its whole body (non-stream) has been read:
    /// the time since the attempt was sent is the backend's TTFT. Only the first counts; an attempt
    /// that failed before producing either never gets here.
    /// </summary>
    private void FirstFromBackend()
    {
        if (_exchange.BackendTimeToFirstToken == 0 && _attemptStart != 0)
            _exchange.BackendTimeToFirstToken = Math.Max(1, _transports.Time.GetTimestamp() - _attemptStart);
    }
}
