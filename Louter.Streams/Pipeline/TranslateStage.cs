using Akka.Streams;
using Akka.Streams.Stage;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The translate step: each backend frame becomes the client's frame (relayed or translated, see
/// <see cref="RequestGraph.Translate"/>). A frame the frontend drops asks upstream for the next one,
/// unless nothing more is ready: then the sink is told to flush what it was holding back.
/// </summary>
internal sealed class TranslateStage : GraphStage<FlowShape<BackendFrame, ClientFrame>>
{
    private readonly IFrontend _frontend;
    private readonly Inlet<BackendFrame> _in = new("translate.in");
    private readonly Outlet<ClientFrame> _out = new("translate.out");

    public TranslateStage(IFrontend frontend)
    {
        _frontend = frontend;
        Shape = new FlowShape<BackendFrame, ClientFrame>(_in, _out);
    }

    public override FlowShape<BackendFrame, ClientFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("translate");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly TranslateStage _stage;

        public Logic(TranslateStage stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void OnPush()
        {
            var frame = Grab(_stage._in);
            var translated = RequestGraph.Translate(_stage._frontend, frame);
            if (translated is null || translated.Kind == ClientFrameKind.Skip)
            {
                if (frame.MoreBuffered) Pull(_stage._in);
                else Push(_stage._out, new ClientFrame(frame.Exchange, ClientFrameKind.Flush));
                return;
            }
            Push(_stage._out, frame.MoreBuffered && translated.Kind == ClientFrameKind.Data ? translated with { Defer = true } : translated);
        }

        public override void OnPull() => Pull(_stage._in);
    }
}
