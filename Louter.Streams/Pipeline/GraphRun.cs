using Akka.Streams;

namespace Louter.Streams.Pipeline;

/// <summary>
/// One request's run of the fused request graph. The graph is built once, so what differs per request
/// reaches its stages as an attribute of the materialisation: the source reads the exchange from it, and
/// the sink completes it when the last frame is written (or fails it with the stream's failure).
/// Continuations run off the interpreter's thread.
/// </summary>
internal sealed class GraphRun(Exchange exchange) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Attributes.IAttribute
{
    public Exchange Exchange { get; } = exchange;

    /// <summary>The run a stage of this materialisation belongs to.</summary>
    public static GraphRun Of(Attributes attributes) =>
        attributes.GetAttribute<GraphRun>() ?? throw new InvalidOperationException("The request graph was materialised without its run: use RequestGraph.RunAsync.");
}
