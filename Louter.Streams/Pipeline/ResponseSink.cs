using Akka.Streams;
using Akka.Streams.Stage;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The sink: writes each client frame through the exchange's response channel, one at a time, and
/// asks for the next frame only when the write is done (a slow client slows the whole graph). A
/// write the channel completes at once costs no task. Materializes the task that completes when
/// the last frame is written (or fails with the stream's failure).
/// </summary>
internal sealed class ResponseSink : GraphStageWithMaterializedValue<SinkShape<ClientFrame>, Task>
{
    private readonly RequestGraph _graph;
    private readonly Inlet<ClientFrame> _in = new("sink.in");

    public ResponseSink(RequestGraph graph)
    {
        _graph = graph;
        Shape = new SinkShape<ClientFrame>(_in);
    }

    public override SinkShape<ClientFrame> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("sink");

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, completion), completion.Task);
    }

    private sealed class Logic : InGraphStageLogic
    {
        private readonly ResponseSink _stage;
        private readonly TaskCompletionSource _completion;
        private readonly Action<Exception?> _onWritten;
        private bool _writing;
        private bool _finishing;

        public Logic(ResponseSink stage, TaskCompletionSource completion) : base(stage.Shape)
        {
            _stage = stage;
            _completion = completion;
            _onWritten = GetAsyncCallback<Exception?>(OnWritten);
            SetHandler(stage._in, this);
        }

        public override void PreStart() => Pull(_stage._in);

        public override void OnPush()
        {
            ValueTask write;
            try
            {
                write = _stage._graph.WriteAsync(Grab(_stage._in));
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

        public override void PostStop() =>
            _completion.TrySetException(new AbruptStageTerminationException(this));
    }
}
