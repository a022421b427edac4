using System.Runtime.CompilerServices;
using Akka.Streams;
using Akka.Streams.Stage;
using Louter.Streams.Backends;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The backend step of the request graph: takes the exchange, calls the chosen backend and emits
/// its answer frame by frame, reading the next frame only when downstream asks for one (so a slow
/// client slows the upstream read). When the stage stops for any reason — completion, failure,
/// client disconnect — the upstream request is cancelled and its connection released.
/// </summary>
internal sealed class BackendStage : GraphStage<FlowShape<Exchange, BackendFrame>>
{
    private readonly BackendTransports _transports;
    private readonly IFrontend _frontend;
    private readonly Inlet<Exchange> _in = new("backend.in");
    private readonly Outlet<BackendFrame> _out = new("backend.out");

    public BackendStage(BackendTransports transports, IFrontend frontend)
    {
        _transports = transports;
        _frontend = frontend;
        Shape = new FlowShape<Exchange, BackendFrame>(_in, _out);
    }

    public override FlowShape<Exchange, BackendFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("backend");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    // Not IDisposable: Akka owns the logic's lifecycle and calls PostStop, which disposes the call.
#pragma warning disable CA1001
    private sealed class Logic : InAndOutGraphStageLogic
#pragma warning restore CA1001
    {
        private readonly BackendStage _stage;
        private readonly Action<Result> _onResult;
        private readonly Action _onCompleted;
        private UpstreamCall? _call;
        private ConfiguredValueTaskAwaitable<BackendFrame?>.ConfiguredValueTaskAwaiter _pending;
        private bool _inFlight;

        public Logic(BackendStage stage) : base(inCount: 1, outCount: 1)
        {
            _stage = stage;
            _onResult = GetAsyncCallback<Result>(OnResult);
            _onCompleted = OnCompleted;
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void OnPush()
        {
            _call = new UpstreamCall(Grab(_stage._in), _stage._transports, _stage._frontend);
            RequestNext();
        }

        // The source completes right after its one exchange; the stage completes when the call ends.
        public override void OnUpstreamFinish()
        {
            if (_call is null) CompleteStage();
        }

        public override void OnPull()
        {
            if (_call is not null) RequestNext();
            else if (!HasBeenPulled(_stage._in) && !IsClosed(_stage._in)) Pull(_stage._in);
        }

        private void RequestNext()
        {
            if (_inFlight) return;
            _inFlight = true;
            ValueTask<BackendFrame?> next;
            try
            {
                next = _call!.NextAsync();
            }
            catch (Exception e)
            {
                OnResult(new Result(null, e));
                return;
            }

            if (next.IsCompletedSuccessfully)
            {
                OnResult(new Result(next.Result, null));
                return;
            }

            // One read in flight at a time: its awaiter waits in a field, and the cached continuation
            // (run where the read completed) hands the result to the interpreter. No task, no closure.
            _pending = next.ConfigureAwait(false).GetAwaiter();
            _pending.UnsafeOnCompleted(_onCompleted);
        }

        private void OnCompleted()
        {
            var pending = _pending;
            _pending = default;
            Result result;
            try
            {
                result = new Result(pending.GetResult(), null);
            }
            catch (Exception e)
            {
                result = new Result(null, e);
            }
            _onResult(result);
        }

        private void OnResult(Result result)
        {
            _inFlight = false;
            if (result.Error is not null) FailStage(result.Error);
            else if (result.Frame is { } frame) Push(_stage._out, frame);
            else CompleteStage();
        }

        public override void PostStop() => _call?.Dispose();
    }

    private readonly record struct Result(BackendFrame? Frame, Exception? Error);
}
