using Akka.Streams;
using Akka.Streams.Stage;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The head of the request graph: emits the run's exchange and completes. A graph stage, so the
/// whole request graph is one fused island (Source.Maybe is a publisher outside the interpreter:
/// subscribing to it and receiving its element cost several actor messages per request).
/// </summary>
internal sealed class ExchangeSource : GraphStage<SourceShape<Exchange>>
{
    private readonly Outlet<Exchange> _out = new("exchange.out");

    public ExchangeSource() => Shape = new SourceShape<Exchange>(_out);

    public override SourceShape<Exchange> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("exchange");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, GraphRun.Of(inheritedAttributes).Exchange);

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly ExchangeSource _stage;
        private readonly Exchange _exchange;

        public Logic(ExchangeSource stage, Exchange exchange) : base(inCount: 0, outCount: 1)
        {
            _stage = stage;
            _exchange = exchange;
            SetHandler(stage._out, this);
        }

        public override void OnPull()
        {
            Push(_stage._out, _exchange);
            CompleteStage();
        }
    }
}
