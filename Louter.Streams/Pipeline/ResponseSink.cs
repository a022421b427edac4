using Akka.Streams;
using Akka.Streams.Stage;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The sink: writes each client frame through the exchange's response channel, one at a time, and
/// asks for the next frame only when the write is done (a slow client slows the whole graph). A
/// write the channel completes at once costs no task. Completes the run when the last frame is
/// written (or fails it with the stream's failure). The client's disconnect fails the sink, which
/// cancels everything upstream of it, the backend call included.
/// </summary>
internal sealed class ResponseSink : GraphStage<SinkShape<ClientFrame>>
{
    private readonly Func<ClientFrame, ValueTask> _write;
    private readonly Inlet<ClientFrame> _in = new("sink.in");

    /// <param name="write">Writes one frame (the request graph's <see cref="RequestGraph.WriteAsync"/>); completes synchronously when the channel took it without waiting.</param>
    public ResponseSink(Func<ClientFrame, ValueTask> write)
    {
        _write = write;
        Shape = new SinkShape<ClientFrame>(_in);
    }

    public override SinkShape<ClientFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("sink");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, GraphRun.Of(inheritedAttributes));

    private sealed class Logic : InGraphStageLogic
    {
        private readonly ResponseSink _stage;
        private readonly GraphRun _completion;
        private readonly Action<Exception?> _onWritten;
        private CancellationTokenRegistration _disconnect;
        private bool _writing;
        private bool _finishing;

        public Logic(ResponseSink stage, GraphRun run) : base(inCount: 1, outCount: 0)
        {
            _stage = stage;
            _completion = run;
            _onWritten = GetAsyncCallback<Exception?>(OnWritten);
            SetHandler(stage._in, this);
        }

        public override void PreStart()
        {
            var aborted = _completion.Exchange.Aborted;
            if (aborted.CanBeCanceled)
            {
                var onDisconnect = GetAsyncCallback(() => Fail(new ClientDisconnectedException()));
                _disconnect = aborted.Register(static state => ((Action)state!)(), onDisconnect);
            }
            Pull(_stage._in);
        }

        public override void OnPush()
        {
            ValueTask write;
            try
            {
                write = _stage._write(Grab(_stage._in));
            }
            catch (Exception e)
            {
                Fail(e);
                return;
            }

            if (write.IsCompletedSuccessfully)
            {
                Pull(_stage._in);
                return;
            }

            _writing = true;
            write.AsTask().ContinueWith(
                static (task, state) => ((Action<Exception?>)state!)(task.IsCompletedSuccessfully ? null : task.Exception?.GetBaseException() ?? new OperationCanceledException()),
                _onWritten,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private void OnWritten(Exception? error)
        {
            _writing = false;
            if (error is not null) Fail(error);
            else if (_finishing) Finish();
            else Pull(_stage._in);
        }

        public override void OnUpstreamFinish()
        {
            if (_writing) _finishing = true;
            else Finish();
        }

        public override void OnUpstreamFailure(Exception e) => Fail(e);

        private void Finish()
        {
            _completion.TrySetResult();
            CompleteStage();
        }

        private void Fail(Exception e)
        {
            _completion.TrySetException(e);
            FailStage(e);
        }

        public override void PostStop()
        {
            _disconnect.Dispose();
            // Stopped without finishing or failing (the lane was torn down): the run must still end.
            if (!_completion.Task.IsCompleted) _completion.TrySetException(new AbruptStageTerminationException(this));
        }
    }
}
