using Akka.Actor;
using Louter.Streams.Errors;
using Louter.Streams.Routing;

namespace Louter.Actors.Backends;

/// <summary>
/// The passive health feed: tells each attempt's outcome to its backend's entity through the shard
/// region (a non-blocking Tell), and gives a half-open trial permit back to this node when the trial
/// request ended without a verdict (the client went away).
/// </summary>
public sealed class HealthObserver(IActorRef backendRegion, RoutingTableHolder table) : IAttemptObserver
{
    public void Started(string backend)
    {
        // the outcome is what counts
    }

    public void Finished(string backend, UpstreamOutcome outcome, TimeSpan elapsed, TimeSpan? timeToFirstByte)
    {
        var signal = HealthSignals.From(outcome);
        if (signal is HealthSignal.Ignored or HealthSignal.RateLimited)
        {
            // A 429 proves the backend is alive but tells nothing about whether it can serve; either way
            // the trial permit goes back, so the next request can be the trial.
            table.Current.Find(backend)?.Status.Probes?.Return();
        }
        if (signal != HealthSignal.Ignored) backendRegion.Tell(new RecordOutcome(backend, signal));
    }
}
