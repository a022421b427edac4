using Louter.Streams.Errors;

namespace Louter.Streams.Routing;

/// <summary>
/// Hears every attempt the request path makes on a backend: health tracking (circuit breakers),
/// load balancing (in-flight counts, latency) and metrics all listen here. Called on the request
/// path: implementations must be cheap and must not block (hand work to an actor, bump a counter).
/// </summary>
public interface IAttemptObserver
{
    /// <summary>An attempt on <paramref name="backend"/> is about to send its request.</summary>
    void Started(string backend);

    /// <summary>
    /// The attempt ended. <paramref name="outcome"/> is as classified by the call (Success, ServerError,
    /// Overloaded, Timeout, ConnectFailed, RateLimited, …; ClientCancelled when the client went away).
    /// <paramref name="timeToFirstByte"/> is set when the backend answered with a head.
    /// </summary>
    void Finished(string backend, UpstreamOutcome outcome, TimeSpan elapsed, TimeSpan? timeToFirstByte);

    /// <summary>The backend answered 429 and asked for <paramref name="retryAfter"/> before the next request.</summary>
    void RateLimited(string backend, TimeSpan retryAfter)
    {
        // most observers only count outcomes
    }
}

/// <summary>Several observers as one.</summary>
public sealed class AttemptObservers(IReadOnlyList<IAttemptObserver> observers) : IAttemptObserver
{
    public static readonly IAttemptObserver None = new AttemptObservers([]);

    public void Started(string backend)
    {
        foreach (var o in observers) o.Started(backend);
    }

    public void Finished(string backend, UpstreamOutcome outcome, TimeSpan elapsed, TimeSpan? timeToFirstByte)
    {
        foreach (var o in observers) o.Finished(backend, outcome, elapsed, timeToFirstByte);
    }

    public void RateLimited(string backend, TimeSpan retryAfter)
    {
        foreach (var o in observers) o.RateLimited(backend, retryAfter);
    }
}
