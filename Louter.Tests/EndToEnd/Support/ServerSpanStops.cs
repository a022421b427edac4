using System.Collections.Concurrent;
using System.Diagnostics;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// Says when Louter has ended a request's server span. The span ends after the answer is written,
/// so a client can hold the whole answer before it ends; flushing the exporter before then would
/// miss it. The listener samples nothing itself (<see cref="ActivitySamplingResult.None"/>), so it
/// does not change which spans the tracer provider under test records.
/// </summary>
public sealed class ServerSpanStops : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<ActivityTraceId, TaskCompletionSource> _stopped = new();

    public ServerSpanStops()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Louter.Streams.Tracing.LouterTracing.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.Kind == ActivityKind.Server) For(activity.TraceId).TrySetResult();
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public Task WhenStopped(ActivityTraceId traceId) => For(traceId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private TaskCompletionSource For(ActivityTraceId traceId) =>
        _stopped.GetOrAdd(traceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Dispose() => _listener.Dispose();
}
