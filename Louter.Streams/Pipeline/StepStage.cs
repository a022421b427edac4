using Akka.Streams;
using Akka.Streams.Stage;

namespace Louter.Streams.Pipeline;

/// <summary>
/// One synchronous step of the request graph (decode, classify, route): the exchange in, the same
/// exchange on, changed by the step. What Akka's <c>Select</c> would do, but the logic is built from
/// its port counts: the shape-taking <see cref="GraphStageLogic"/> constructor formats the shape into
/// a log-source name and counts ports through LINQ on every materialisation, and the request graph is
/// materialised for every request. The graph's other stages are built the same way.
/// </summary>
internal sealed class StepStage : GraphStage<FlowShape<Exchange, Exchange>>
{
    private readonly Action<Exchange> _step;
    private readonly Inlet<Exchange> _in;
    private readonly Outlet<Exchange> _out;

    public StepStage(string name, Action<Exchange> step)
    {
        _step = step;
        _in = new Inlet<Exchange>(name + ".in");
        _out = new Outlet<Exchange>(name + ".out");
        Shape = new FlowShape<Exchange, Exchange>(_in, _out);
        InitialAttributes = Attributes.CreateName(name);
    }

    public override FlowShape<Exchange, Exchange> Shape { get; }

    protected override Attributes InitialAttributes { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly StepStage _stage;

        public Logic(StepStage stage) : base(inCount: 1, outCount: 1)
        {
            _stage = stage;
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void OnPush()
        {
            var exchange = Grab(_stage._in);
            _stage._step(exchange);
            Push(_stage._out, exchange);
        }

        public override void OnPull() => Pull(_stage._in);
    }
}
