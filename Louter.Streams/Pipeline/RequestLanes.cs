using System.Runtime.CompilerServices;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;

namespace Louter.Streams.Pipeline;

/// <summary>
/// Where request graphs run. A lane is a long-lived stream whose only stage materialises request
/// graphs on demand with its interpreter's sub-fusing materializer: each request still gets its own
/// graph, materialised from the fused blueprint, but the graph runs in the lane's interpreter actor
/// instead of a new actor per request (creating, starting and stopping that actor was the largest
/// share of the per-request cost left after pre-fusing). Requests are spread over the lanes round
/// robin; stages never block, so a lane only ever waits for CPU. A failing request graph fails alone:
/// the interpreter aborts that graph's shell, not the lane.
/// One set of lanes per materializer, created on first use and stopped with the materializer.
/// </summary>
public sealed class RequestLanes
{
    private static readonly ConditionalWeakTable<IMaterializer, RequestLanes> ByMaterializer = new();

    private readonly Lane[] _lanes;
    private readonly Attributes _baseAttributes;
    private int _next = -1;

    private RequestLanes(IMaterializer materializer, int count)
    {
        // What the materializer gives a top-level materialisation; the sub-fusing materializer takes
        // the attributes as they are.
        var settings = ((ActorMaterializer)materializer).Settings;
        _baseAttributes = Attributes.CreateInputBuffer(settings.InitialInputBufferSize, settings.MaxInputBufferSize)
            .And(ActorAttributes.CreateDispatcher(settings.Dispatcher))
            .And(ActorAttributes.CreateSupervisionStrategy(settings.SupervisionDecider));
        _lanes = new Lane[count];
        for (var i = 0; i < count; i++)
            _lanes[i] = Source.Never<NotUsed>().Named($"lane-{i}").ToMaterialized(new LaneStage(), Keep.Right).Run(materializer);
    }

    /// <summary>Lanes: twice the processors (at least four), so a lane busy with a burst holds up few others.</summary>
    public static int DefaultCount => Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>The lanes of this materializer (created on first use).</summary>
    public static RequestLanes For(IMaterializer materializer) =>
        ByMaterializer.GetValue(materializer, static m => new RequestLanes(m, DefaultCount));

    /// <summary>Materialises <paramref name="graph"/> for <paramref name="run"/> in the next lane; the run completes when the graph does.</summary>
    internal Task Start(IGraph<ClosedShape, NotUsed> graph, GraphRun run)
    {
        var lane = _lanes[(int)((uint)Interlocked.Increment(ref _next) % (uint)_lanes.Length)];
        var start = new PendingStart(graph, _baseAttributes.And(run), run);
        if (lane.Post is { } post && !lane.Stopped) post(start);
        else StartWhenReady(lane, start);
        return run.Task;
    }

    private static async void StartWhenReady(Lane lane, PendingStart start)
    {
        try
        {
            await lane.Ready.Task.ConfigureAwait(false);
            if (lane.Stopped) throw new InvalidOperationException("The request lanes have stopped (the gateway is shutting down).");
            lane.Post!(start);
        }
        catch (Exception e)
        {
            start.Run.TrySetException(e);
        }
    }

    private sealed record PendingStart(IGraph<ClosedShape, NotUsed> Graph, Attributes Attributes, GraphRun Run);

    private sealed class Lane
    {
        public readonly TaskCompletionSource Ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public volatile Action<PendingStart>? Post;
        public volatile bool Stopped;
    }

    /// <summary>The lane's stage: never pulls, materialises each posted request graph into its own interpreter.</summary>
    private sealed class LaneStage : GraphStageWithMaterializedValue<SinkShape<NotUsed>, Lane>
    {
        private readonly Inlet<NotUsed> _in = new("lane.in");

        public LaneStage() => Shape = new SinkShape<NotUsed>(_in);

        public override SinkShape<NotUsed> Shape { get; }

        public override ILogicAndMaterializedValue<Lane> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
        {
            var lane = new Lane();
            return new LogicAndMaterializedValue<Lane>(new Logic(this, lane), lane);
        }

        private sealed class Logic : InGraphStageLogic
        {
            private readonly Lane _lane;

            public Logic(LaneStage stage, Lane lane) : base(inCount: 1, outCount: 0)
            {
                _lane = lane;
                SetHandler(stage._in, this);
            }

            public override void PreStart()
            {
                SetKeepGoing(true);
                _lane.Post = GetAsyncCallback<PendingStart>(Materialize);
                _lane.Ready.TrySetResult();
            }

            private void Materialize(PendingStart start)
            {
                try
                {
                    SubFusingMaterializer.Materialize(start.Graph, start.Attributes);
                }
                catch (Exception e)
                {
                    start.Run.TrySetException(e);
                }
            }

            public override void OnPush() { }

            public override void OnUpstreamFinish() { }

            public override void PostStop()
            {
                _lane.Stopped = true;
                _lane.Ready.TrySetResult();
            }
        }
    }
}
