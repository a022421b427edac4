using System.Buffers;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The translate step: each backend frame becomes the client's frame (relayed or translated, see
/// <see cref="RequestGraph.Translate"/>). An Event frame carrying a batch (<see cref="BackendFrame.Rest"/>),
/// or a Run of events found in place, is translated event by event and its data written as one frame;
/// a head or error among them goes after the data before it. A frame the frontend drops asks upstream for the next one, unless
/// nothing more is ready: then the sink is told to flush what it was holding back.
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
        private Queue<ClientFrame>? _pending;
        private ArrayBufferWriter<byte>? _batch;

        public Logic(TranslateStage stage) : base(inCount: 1, outCount: 1)
        {
            _stage = stage;
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void OnPush()
        {
            var frame = Grab(_stage._in);
            if (frame.Kind == BackendFrameKind.Run)
            {
                if (frame.Exchange.PassThrough) RelayRun(frame);
                else TranslateRun(frame);
            }
            else if (frame.Rest is { Count: > 0 }) TranslateBatch(frame);
            else Emit(frame, RequestGraph.Translate(_stage._frontend, frame));
        }

        private void Emit(BackendFrame frame, ClientFrame? translated)
        {
            if (translated is null || translated.Kind == ClientFrameKind.Skip)
            {
                if (frame.MoreBuffered) Pull(_stage._in);
                else Push(_stage._out, new ClientFrame(frame.Exchange, ClientFrameKind.Flush));
                return;
            }
            Push(_stage._out, frame.MoreBuffered && translated.Kind == ClientFrameKind.Data ? translated with { Defer = true } : translated);
        }

        /// <summary>
        /// A raw relay's run: each event is read in place, and the run's bytes go to the sink as they
        /// are, not copied. An event hidden from the client splits the run: the bytes on either side
        /// of it go as frames of their own (slices still), all but the last written without a flush.
        /// (The pending queue is empty here: a frame is pushed only once the sink took all before it.)
        /// </summary>
        private void RelayRun(BackendFrame frame)
        {
            var exchange = frame.Exchange;
            var relay = (IRawRelay)_stage._frontend;
            var bytes = frame.Run;
            var run = bytes.Span;
            var start = 0; // the bytes not yet sent start here; an event's bytes start where the one before it ended
            var from = 0;
            var shown = 0;
            Range held = default; // bytes to send, not yet sent: the last of them goes with the frame's own flush
            var heldChunks = 0;
            var holding = false;
            foreach (var ev in frame.Events.Span)
            {
                if (relay.Observe(exchange, ev.Event, ev.Data(run)))
                {
                    shown++;
                }
                else
                {
                    if (from > start) Hold(start..from, shown);
                    start = ev.End;
                    shown = 0;
                }
                from = ev.End;
            }
            if (from > start) Hold(start..from, shown);

            if (!holding)
            {
                Emit(frame, null);
                return;
            }
            var last = new ClientFrame(exchange, ClientFrameKind.Data) { Data = bytes[held], Defer = frame.MoreBuffered, Chunks = heldChunks };
            if (_pending is not { Count: > 0 } pending)
            {
                Push(_stage._out, last);
                return;
            }
            pending.Enqueue(last);
            Push(_stage._out, pending.Dequeue());

            void Hold(Range range, int chunks)
            {
                if (holding)
                {
                    (_pending ??= new Queue<ClientFrame>()).Enqueue(
                        new ClientFrame(exchange, ClientFrameKind.Data) { Data = bytes[held], Defer = true, Chunks = heldChunks });
                }
                held = range;
                heldChunks = chunks;
                holding = true;
            }
        }

        // The batch being written (TranslateBatch, TranslateRun): its bytes go to the sink as slices of
        // _batch, not copies. Reusing it for the next batch is safe: this stage is pushed the next frame
        // only after it pulled for it, and it pulls only once every frame it emitted was taken by the
        // sink and written (the sink asks for the next frame when a write has completed).
        private int _flushed; // bytes of _batch already in a frame
        private int _chunks;  // events written since

        private void TranslateBatch(BackendFrame frame)
        {
            var exchange = frame.Exchange;
            var data = BeginBatch();
            AddEvent(exchange, new Sse.SseEvent(frame.EventName, frame.Data!), data);
            foreach (var ev in frame.Rest!) AddEvent(exchange, ev, data);
            EndBatch(frame);
        }

        /// <summary>
        /// A translated stream's run: each event, found in place in the reader's buffer, is decoded
        /// from there (no array per event) and encoded onto the batch's bytes.
        /// </summary>
        private void TranslateRun(BackendFrame frame)
        {
            var exchange = frame.Exchange;
            var translator = RequestGraph.TranslatorFor(_stage._frontend, exchange);
            var run = frame.Run.Span;
            var data = BeginBatch();
            foreach (var ev in frame.Events.Span)
            {
                var before = data.WrittenCount;
                var control = translator.TranslateInto(ev.Event, ev.Data(run), data);
                if (data.WrittenCount > before) _chunks++;
                Add(exchange, control, data);
            }
            EndBatch(frame);
        }

        private ArrayBufferWriter<byte> BeginBatch()
        {
            var data = _batch ??= new ArrayBufferWriter<byte>(4096);
            data.ResetWrittenCount();
            _flushed = 0;
            _chunks = 0;
            _pending ??= new Queue<ClientFrame>();
            return data;
        }

        private void EndBatch(BackendFrame frame)
        {
            FlushData(frame.Exchange, _batch!, defer: frame.MoreBuffered);
            if (_pending!.Count == 0)
            {
                Emit(frame, null);
                return;
            }
            Push(_stage._out, _pending.Dequeue());
        }

        /// <summary>One event of a pass-through's batch (event mode is a pass-through's only), relayed straight onto the batch's bytes.</summary>
        private void AddEvent(Exchange exchange, in Sse.SseEvent ev, ArrayBufferWriter<byte> data)
        {
            var before = data.WrittenCount;
            var control = _stage._frontend.PassThroughInto(exchange, ev, data);
            if (data.WrittenCount > before) _chunks++;
            Add(exchange, control, data);
        }

        private void Add(Exchange exchange, ClientFrame? translated, ArrayBufferWriter<byte> data)
        {
            if (translated is null || translated.Kind == ClientFrameKind.Skip) return;
            if (translated.Kind == ClientFrameKind.Data)
            {
                data.Write(translated.Data.Span);
                _chunks++;
                return;
            }
            FlushData(exchange, data, defer: true);
            _pending!.Enqueue(translated);
        }

        private void FlushData(Exchange exchange, ArrayBufferWriter<byte> data, bool defer)
        {
            if (data.WrittenCount == _flushed) return;
            // A slice taken before the buffer grew keeps the old array alive; nothing else writes to it.
            _pending!.Enqueue(new ClientFrame(exchange, ClientFrameKind.Data) { Data = data.WrittenMemory[_flushed..], Defer = defer, Chunks = _chunks });
            _flushed = data.WrittenCount;
            _chunks = 0;
        }

        public override void OnPull()
        {
            if (_pending is { Count: > 0 } pending)
            {
                Push(_stage._out, pending.Dequeue());
                if (pending.Count == 0 && IsClosed(_stage._in)) CompleteStage();
            }
            else
            {
                Pull(_stage._in);
            }
        }

        public override void OnUpstreamFinish()
        {
            if (_pending is not { Count: > 0 }) CompleteStage();
        }
    }
}
