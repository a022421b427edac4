using System.Buffers;
using System.Net.Http;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Media;
using Louter.Streams.Metrics;
using Louter.Streams.Protocols.Xml;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Streams.Sse;
using Louter.Streams.Tracing;

namespace Louter.Streams.Backends;

/// <summary>
/// A request's call to its backends, read one frame per call:
/// <code>
///   1. send the request (deadline: the backend's timeout)       → Head, or Error
///      a failure before the head (connect error, timeout, a status in retry_on) is tried again on
///      the next candidate, within the <see cref="RetryPolicy"/>; the client has seen nothing yet
///   2a. streaming: one SSE event per call (idle timeout per read) → Event … until the terminal event
///   2b. non-streaming: the whole body (same deadline)             → Body
/// </code>
/// Timeouts come from the injected TimeProvider; the client's disconnect token cancels any
/// in-flight send or read; <see cref="Dispose"/> closes the upstream connection.
/// </summary>
internal sealed partial class UpstreamCall : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxBodyBytes = 512 * 1024 * 1024;

    private enum Phase { NotStarted, Streaming, Relaying, Terminated, Body, Done }

    private readonly Exchange _exchange;
    private readonly BackendTransports _transports;
    private readonly IFrontend _frontend;
    private CancellationTokenSource _timer;
    private CancellationTokenSource _linked;
    private Phase _phase;
    private RouteCandidate? _target;
    private IBackendProtocol? _passThrough;
    private IBackendCodec? _codec;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private SseReader? _sse;
    private List<SseEvent>? _batch;
    private SseEventSpan[]? _run; // pooled: returned with the reader's buffer
    private long _attemptStart;
    private long _headAt;
    private bool _reported;
    private System.Diagnostics.Activity? _span;

    public UpstreamCall(Exchange exchange, BackendTransports transports, IFrontend frontend)
    {
        _exchange = exchange;
        _transports = transports;
        _frontend = frontend;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, transports.Time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(exchange.Aborted, _timer.Token);
    }

    private string BackendName => _target?.Backend.Name ?? "?";

    /// <summary>The next frame, or null when the attempt has ended.</summary>
    public ValueTask<BackendFrame?> NextAsync() => _phase switch
    {
        Phase.NotStarted => StartAsync(),
        Phase.Streaming => ReadEventAsync(),
        Phase.Relaying => ReadRunAsync(),
        Phase.Terminated => Ended(complete: true),
        Phase.Body => ReadBodyAsync(),
        _ => ValueTask.FromResult<BackendFrame?>(null),
    };

    /// <summary>
    /// Attempts the candidates in the failover order, within the retry policy; marks each one sent to.
    /// One async method from the start to the head (a layer less to suspend and resume while the
    /// upstream's head is awaited).
    /// </summary>
    private async ValueTask<BackendFrame?> StartAsync()
    {
        _phase = Phase.Done;
        if (_exchange.Error is { } early) return BackendFrame.Fail(_exchange, early);

        var candidates = _exchange.Route!.Candidates;
        var sent = new bool[candidates.Count];
        try
        {
            var policy = _transports.Retry;
            var time = _transports.Time;
            var started = time.GetTimestamp();
            HashSet<string>? failed = null;
            var index = 0;
            for (var attempt = 1; ; attempt++)
            {
                var frame = await AttemptAsync(candidates[index]).ConfigureAwait(false);
                if (_attemptStart != 0) sent[index] = true;
                if (frame?.Kind != BackendFrameKind.Error || _exchange.Aborted.IsCancellationRequested) return frame;

                // Refused by the codec (content this backend cannot take): not sent, so not an attempt.
                var notSent = _attemptStart == 0;
                if (!notSent && (!policy.Retries(_exchange.Outcome, _exchange.UpstreamStatus) || attempt >= policy.MaxAttempts)) return frame;

                (failed ??= new HashSet<string>(StringComparer.Ordinal)).Add(candidates[index].Backend.Name);
                var next = NextCandidate(candidates, index, failed, allowSame: !notSent);
                if (next < 0) return frame;

                var delay = notSent ? TimeSpan.Zero : policy.Delay(attempt);
                if (next == index && frame.Error?.RetryAfter is { } retryAfter && retryAfter > delay) delay = retryAfter;
                if (time.GetElapsedTime(started) + delay > policy.Deadline) return frame;

                _exchange.Warnings.Add($"attempt {attempt} on backend '{candidates[index].Backend.Name}' failed ({Describe(_exchange.Outcome, _exchange.UpstreamStatus)}); trying '{candidates[next].Backend.Name}'");
                ResetAttempt();
                if (delay > TimeSpan.Zero)
                {
                    var paused = WaitStarts(); // metrics
                    try
                    {
                        await Task.Delay(delay, time, _exchange.Aborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return Fail(new GatewayError(GatewayErrorKind.Internal, "The client disconnected."), UpstreamOutcome.ClientCancelled);
                    }
                    finally
                    {
                        WaitEnds(paused); // metrics
                    }
                }
                index = next;
            }
        }
        finally
        {
            // A half-open candidate that routing took a trial permit for, but that this request never
            // reached (an earlier candidate answered), gives the permit back: otherwise the node has no
            // trial left until the entity starts a new half-open period, and recovery waits a whole
            // open_duration more (with round-robin, about every other time).
            for (var i = 0; i < candidates.Count; i++)
            {
                if (!sent[i]) candidates[i].Trial?.Return();
            }
        }
    }

    /// <summary>
    /// The candidate after <paramref name="index"/> that has not failed yet; the failed one again
    /// only when it is the only candidate (and <paramref name="allowSame"/>); -1 when there is none.
    /// </summary>
    private static int NextCandidate(IReadOnlyList<RouteCandidate> candidates, int index, HashSet<string> failed, bool allowSame)
    {
        for (var i = 1; i < candidates.Count; i++)
        {
            var j = (index + i) % candidates.Count;
            if (!failed.Contains(candidates[j].Backend.Name)) return j;
        }
        return allowSame && candidates.Count == 1 ? index : -1;
    }

    private static string Describe(UpstreamOutcome outcome, int status) => status > 0 ? $"HTTP {status}" : outcome.ToString();

    /// <summary>Forgets the failed attempt: its response, its translation state, its timers.</summary>
    private void ResetAttempt()
    {
        _response?.Dispose();
        _response = null;
        _body = null;
        _sse = null;
        _passThrough = null;
        _codec = null;
        _exchange.PassThrough = false;
        _exchange.Codec = null;
        _exchange.Canonical = null;
        _exchange.Outcome = UpstreamOutcome.None;
        _exchange.UpstreamStatus = 0;
        _attemptStart = 0;
        _headAt = 0;
        _reported = false;
        _linked.Dispose();
        _timer.Dispose();
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _transports.Time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_exchange.Aborted, _timer.Token);
    }

    /// <summary>One attempt on one candidate: its head, or the error it ended with.</summary>
    private async ValueTask<BackendFrame?> AttemptAsync(RouteCandidate candidate)
    {
        _phase = Phase.Done;
        _target = candidate;
        _exchange.Target = _target;
        var backend = _target.Backend;

        HttpRequestMessage? request;
        try
        {
            request = CreatePassThroughRequest(backend) ?? await CreateTranslatedRequestAsync(backend).ConfigureAwait(false);
        }
        catch (CodecException e)
        {
            return Fail(e.Error, UpstreamOutcome.None);
        }
        if (request is null)
        {
            return Fail(new GatewayError(GatewayErrorKind.NotImplemented,
                $"Backend '{backend.Name}' speaks the {backend.Protocol} protocol, which this version of Louter cannot translate {_frontend.Name} requests to yet."),
                UpstreamOutcome.None);
        }

        if (backend.HttpVersion.Major >= 2)
        {
            request.Version = backend.HttpVersion;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        try
        {
            using var _ = request;
            _timer.CancelAfter(backend.Timeout);
            _attemptStart = _transports.Time.GetTimestamp();
            _exchange.Attempts++;
            if (_exchange.Attempts > 1 && _transports.Metrics) AttemptMetrics.Retried(backend.Name); // metrics
            _span = AttemptSpan.Start(_exchange, _target, request, _attemptStart, _transports.Time);
            _transports.Observer.Started(backend.Name);
            _response = await _transports.For(backend).SendAsync(request, _linked.Token).ConfigureAwait(false);
            _exchange.UpstreamStatus = (int)_response.StatusCode;
            if (!_response.IsSuccessStatusCode) return await FailFromStatusAsync(_response).ConfigureAwait(false);

            _body = await _response.Content.ReadAsStreamAsync(_linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return FailFromException(e);
        }
        finally
        {
            WaitEnds(_attemptStart); // metrics: the send, and an error body's read
        }

        if (_exchange.Request!.Stream)
        {
            _sse = new SseReader(_body);
            // Events found in place in the reader's buffer (not copied out one array each): the same
            // protocol on both sides with a frontend that judges events in place (the upstream's bytes
            // go through as they came), or another protocol (each event decoded from the buffer).
            // Otherwise (a pass-through that re-frames events) each event is read out on its own.
            _phase = _passThrough is null || (_frontend is IRawRelay relay && relay.RelaysRaw(_exchange)) ? Phase.Relaying : Phase.Streaming;
        }
        else
        {
            _phase = Phase.Body;
        }

        _headAt = _transports.Time.GetTimestamp();
        return new BackendFrame(_exchange, BackendFrameKind.Head)
        {
            ContentType = _response.Content.Headers.ContentType?.MediaType,
            Headers = RateLimitHeaders.Passthrough(_response.Headers),
        };
    }

    private async ValueTask<BackendFrame?> ReadEventAsync()
    {
        SseEvent? ev;
        var waited = WaitStarts(); // metrics
        try
        {
            // An idle timeout, not a deadline: every read gets the full allowance again.
            _timer.CancelAfter(_target!.Backend.IdleTimeout);
            ev = await _sse!.ReadAsync(_linked.Token).ConfigureAwait(false);
            StopIdleTimer();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _phase = Phase.Done;
            return FailFromException(e);
        }
        finally
        {
            WaitEnds(waited); // metrics
        }

        if (ev is not { } value)
        {
            // Whether an end without the terminal event is premature is the protocol's call
            // (Gemini has no terminal event): the translate step judges the End frame.
            await _sse.DisposeAsync().ConfigureAwait(false);
            return await Ended(complete: false).ConfigureAwait(false);
        }

        FirstFromBackend(); // metrics

        // Events already buffered behind this one travel with it as one frame (a batch, up to
        // MaxBatch): what arrived in one read crosses the graph once. A paced upstream still gives
        // one event per frame. The terminal event ends the batch; the End frame follows at once.
        // The list is this call's, reused: a frame is translated before its stage asks for the next one.
        List<SseEvent>? rest = null;
        var terminal = IsTerminal(value);
        var drained = false; // the buffer held no further whole event
        while (!terminal && (rest?.Count ?? 0) < MaxBatch - 1)
        {
            if (!_sse.TryReadBuffered(out var next))
            {
                drained = true;
                break;
            }
            if (rest is null)
            {
                rest = _batch ??= new List<SseEvent>(MaxBatch - 1);
                rest.Clear();
            }
            rest.Add(next);
            terminal = IsTerminal(next);
        }

        // Whether the next frame is ready without waiting on the upstream, so the sink can write
        // this one without flushing (one flush per burst, still one per event when paced).
        bool more;
        if (terminal)
        {
            _phase = Phase.Terminated;
            more = true;
            await _sse.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            more = !drained && _sse.HasBufferedEvent;
        }
        return new BackendFrame(_exchange, BackendFrameKind.Event) { Data = value.Data, EventName = value.Event, Rest = rest, MoreBuffered = more };
    }

    /// <summary>
    /// The next run of a raw relay or a translated stream: the events already buffered (at least one,
    /// waiting for the upstream when none is), found in place, up to the terminal event or
    /// <see cref="MaxBatch"/>. The frame's bytes are the reader's; the reader is not read again (nor
    /// its buffer returned) before the next call, which comes once the sink has written what was
    /// relayed (a translation has copied what it needs by then).
    /// </summary>
    private async ValueTask<BackendFrame?> ReadRunAsync()
    {
        SseEventSpan? located;
        var waited = WaitStarts(); // metrics
        try
        {
            _timer.CancelAfter(_target!.Backend.IdleTimeout); // an idle timeout: every wait gets the full allowance
            located = await _sse!.LocateAsync(_linked.Token).ConfigureAwait(false);
            StopIdleTimer();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _phase = Phase.Done;
            return FailFromException(e);
        }
        finally
        {
            WaitEnds(waited); // metrics
        }

        if (located is not { } first)
        {
            await _sse.DisposeAsync().ConfigureAwait(false);
            return await Ended(complete: false).ConfigureAwait(false);
        }

        FirstFromBackend(); // metrics
        var events = _run ??= System.Buffers.ArrayPool<SseEventSpan>.Shared.Rent(MaxBatch);
        var count = 0;
        events[count++] = first;
        var terminal = IsTerminal(first);
        var drained = false;
        while (!terminal && count < MaxBatch)
        {
            if (!_sse.TryLocateBuffered(out var next))
            {
                // The bytes read end inside an event: the upstream sent more at once than one read
                // took. What has already arrived joins this run (one write to the client, not one per
                // read); a read that would wait is left for the next run.
                if (_sse.TryReadAhead(_linked.Token)) continue;
                drained = true;
                break;
            }
            events[count++] = next;
            terminal = IsTerminal(next);
        }

        if (terminal) _phase = Phase.Terminated; // the reader's buffer goes back when the End frame is asked for
        return new BackendFrame(_exchange, BackendFrameKind.Run)
        {
            Run = _sse.Run,
            Events = events.AsMemory(0, count),
            MoreBuffered = terminal || (!drained && _sse.HasBufferedEvent),
        };
    }

    /// <summary>
    /// The idle timeout counts the time spent waiting on the upstream only: once a read has its event,
    /// the timer stops until the next read starts it again. Otherwise a client slower than the idle
    /// timeout (its writes held up by backpressure while the upstream waits on Louter) would fail the
    /// next read as the backend's silence, with the backend's events already there.
    /// </summary>
    private void StopIdleTimer() => _timer.CancelAfter(Timeout.InfiniteTimeSpan);

    private bool IsTerminal(in SseEventSpan located)
    {
        var data = located.Data(_sse!.Run.Span);
        return _passThrough?.IsTerminal(located.Event, data) ?? _codec!.IsTerminal(located.Event, data);
    }

    /// <summary>Events per Event frame at most (the first and <see cref="BackendFrame.Rest"/>).</summary>
    private const int MaxBatch = 64;

    /// <summary>Event mode is a pass-through's only (a translated stream is read in runs).</summary>
    private bool IsTerminal(in SseEvent value) => _passThrough!.IsTerminal(value.Event, value.Data);

    private ValueTask<BackendFrame?> Ended(bool complete)
    {
        _phase = Phase.Done;
        _sse?.Release(); // a relayed run's bytes were written before this frame was asked for
        ReturnRun();
        // An error the upstream reported inside the stream (a failed response, an error event) was
        // recorded when its event was translated; the body ending cleanly does not undo it.
        if (_exchange.Outcome == UpstreamOutcome.None) _exchange.Outcome = UpstreamOutcome.Success;
        Report(_exchange.Outcome);
        return ValueTask.FromResult<BackendFrame?>(new BackendFrame(_exchange, BackendFrameKind.End) { Complete = complete });
    }

    /// <summary>
    /// Same protocol on both sides: the client's body with routing's changes (made at once, no media to
    /// fetch). Null when the request goes through the canonical model instead.
    /// </summary>
    private HttpRequestMessage? CreatePassThroughRequest(BackendDescriptor backend)
    {
        var protocol = backend.WireProtocol;
        // XML tool calls must be parsed out of the answer, so such a backend is never relayed as is.
        if (protocol != _frontend.Protocol || backend.XmlToolFormat || _transports.PassThroughFor(protocol) is not { } passThrough || !passThrough.Serves(_frontend)) return null;
        _passThrough = passThrough;
        _exchange.PassThrough = true;
        return passThrough.CreateRequest(_exchange, _target!);
    }

    /// <summary>
    /// The request through the canonical model to the backend's codec (media URLs fetched and inlined
    /// where the backend needs them). Null: no codec for that protocol yet.
    /// </summary>
    private async Task<HttpRequestMessage?> CreateTranslatedRequestAsync(BackendDescriptor backend)
    {
        var protocol = backend.WireProtocol;
        _codec = _transports.CodecFor(protocol);
        if (_codec is null) return null;
        _exchange.Codec = _codec;
        var canonical = _frontend.ToCanonical(_exchange.Request!);
        if (backend.XmlToolFormat) canonical = XmlToolHistory.ToTemplateForm(canonical);
        canonical = SignatureProvenance.ForBackend(canonical, protocol, _frontend.Protocol);
        canonical = await MediaInliner.InlineAsync(canonical, backend, protocol, _transports.Media, _linked.Token).ConfigureAwait(false);
        _exchange.Canonical = canonical;
        return _codec.CreateRequest(_exchange.Canonical, _target!);
    }

    private async ValueTask<BackendFrame?> ReadBodyAsync()
    {
        _phase = Phase.Done;
        byte[] data;
        var waited = WaitStarts(); // metrics
        try
        {
            data = await ReadAllAsync(_body!, MaxBodyBytes, _linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return FailFromException(e);
        }
        finally
        {
            WaitEnds(waited); // metrics
        }
        FirstFromBackend(); // metrics
        _exchange.Outcome = UpstreamOutcome.Success;
        Report(UpstreamOutcome.Success);
        return new BackendFrame(_exchange, BackendFrameKind.Body) { Data = data };
    }

    private async ValueTask<BackendFrame?> FailFromStatusAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        string? message = null;
        TimeSpan? bodyRetryAfter = null;
        try
        {
            await using var errorStream = await response.Content.ReadAsStreamAsync(_linked.Token).ConfigureAwait(false);
            var body = await ReadAllAsync(errorStream, MaxErrorBodyBytes, _linked.Token, truncate: true).ConfigureAwait(false);
            message = _passThrough?.ErrorMessage(body) ?? _codec?.ErrorMessage(body);
            bodyRetryAfter = (_passThrough ?? (object?)_codec) is IRetryAfterSource source ? source.RetryAfterFromBody(body) : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The status alone is enough to answer the client.
        }

        var (error, outcome) = UpstreamErrors.FromStatus(BackendName, status, message);
        if (error.Kind is GatewayErrorKind.RateLimited or GatewayErrorKind.Unavailable)
        {
            var retryAfter = RateLimitHeaders.RetryAfter(response.Headers, _transports.Time.GetUtcNow()) ?? bodyRetryAfter;
            // A backend that asked for a pause is put last by routing until the pause is over.
            if (error.Kind == GatewayErrorKind.RateLimited && retryAfter is { } pause) _transports.Observer.RateLimited(BackendName, pause);
            error = error with
            {
                RetryAfter = retryAfter ?? (error.Kind == GatewayErrorKind.RateLimited ? TimeSpan.FromSeconds(1) : null),
                Headers = RateLimitHeaders.Passthrough(response.Headers),
            };
        }
        return Fail(error, outcome);
    }

    private BackendFrame Fail(GatewayError error, UpstreamOutcome outcome)
    {
        _phase = Phase.Done;
        _exchange.Outcome = outcome;
        Report(outcome);
        return BackendFrame.Fail(_exchange, error);
    }

    private BackendFrame FailFromException(Exception e)
    {
        var backend = BackendName;
        if (_exchange.Aborted.IsCancellationRequested)
            return Fail(new GatewayError(GatewayErrorKind.Internal, "The client disconnected."), UpstreamOutcome.ClientCancelled);

        if (e is OperationCanceledException && _timer.IsCancellationRequested)
        {
            return _sse is null
                ? Fail(new GatewayError(GatewayErrorKind.GatewayTimeout, $"Backend '{backend}' did not answer within {Describe(_target!.Backend.Timeout)}."), UpstreamOutcome.Timeout)
                : Fail(new GatewayError(GatewayErrorKind.GatewayTimeout, $"Backend '{backend}' sent nothing for {Describe(_target!.Backend.IdleTimeout)} in the middle of a stream."), UpstreamOutcome.IdleTimeout);
        }

        return e switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError } =>
                Fail(new GatewayError(GatewayErrorKind.Unavailable, $"Backend '{backend}' is unreachable ({ShortReason(e)}).") { Code = "backend_unreachable" }, UpstreamOutcome.ConnectFailed),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
                Fail(new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{backend}': the TLS handshake failed."), UpstreamOutcome.ConnectFailed),
            HttpRequestException or IOException =>
                Fail(new GatewayError(GatewayErrorKind.BadGateway, $"The connection to backend '{backend}' broke ({ShortReason(e)})."), UpstreamOutcome.ProtocolError),
            InvalidDataException =>
                Fail(new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{backend}' sent an invalid response: {e.Message}"), UpstreamOutcome.ProtocolError),
            _ => FailInternal(e),
        };
    }

    private BackendFrame FailInternal(Exception e)
    {
        _exchange.Fault = e;
        return Fail(new GatewayError(GatewayErrorKind.Internal, "Louter failed while calling the backend. The error has been logged."), UpstreamOutcome.None);
    }

    /// <summary>A reason safe to show a client: the socket error, never a URL or header.</summary>
    private static string ShortReason(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Net.Sockets.SocketException se)
                return se.SocketErrorCode switch
                {
                    System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                    System.Net.Sockets.SocketError.TimedOut => "connect timed out",
                    System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "host not found",
                    System.Net.Sockets.SocketError.ConnectionReset => "connection reset",
                    _ => se.SocketErrorCode.ToString(),
                };
            if (x is TimeoutException) return "connect timed out";
        }
        return e is HttpRequestException { HttpRequestError: var kind } ? kind.ToString() : "I/O error";
    }

    private static string Describe(TimeSpan t) =>
        t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#}s" : $"{t.TotalMilliseconds:0}ms";

    private async Task<byte[]> ReadAllAsync(Stream stream, int limit, CancellationToken ct, bool truncate = false)
    {
        // Most upstreams send Content-Length: read straight into an array of that size.
        if (_response?.Content.Headers.ContentLength is { } length && length <= limit)
        {
            var exact = new byte[length];
            var filled = 0;
            int n;
            while (filled < exact.Length && (n = await stream.ReadAsync(exact.AsMemory(filled), ct).ConfigureAwait(false)) > 0) filled += n;
            return filled == exact.Length ? exact : exact[..filled];
        }

        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var buffer = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    if (truncate) break;
                    throw new InvalidDataException($"the response body exceeded {limit} bytes");
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Tells the observer how the attempt ended, once, and only for an attempt that was sent.</summary>
    private void Report(UpstreamOutcome outcome)
    {
        if (_reported || _attemptStart == 0) return;
        _reported = true;
        var time = _transports.Time;
        var now = time.GetTimestamp();
        AttemptSpan.Stop(_span, _exchange, outcome, now, time);
        _span = null;
        _transports.Observer.Finished(
            _target!.Backend.Name,
            outcome,
            time.GetElapsedTime(_attemptStart, now),
            _headAt == 0 ? null : time.GetElapsedTime(_attemptStart, _headAt));
    }

    public void Dispose()
    {
        // A stream stopped before its end (the client went away, the graph failed) ends the attempt too.
        Report(_exchange.Outcome is UpstreamOutcome.None ? UpstreamOutcome.ClientCancelled : _exchange.Outcome);
        // Cancel first so an in-flight read returns, then drop the connection: an unfinished
        // response body is never returned to the pool, so the upstream sees the request end.
        try { _linked.Cancel(); }
        catch (AggregateException) { }
        // The SSE reader is not completed here: a read may still be in flight on another thread.
        // Disposing the body below makes that read fail, and the reader's buffers go to the GC.
        _body?.Dispose();
        _response?.Dispose();
        _linked.Dispose();
        _timer.Dispose();
        ReturnRun(); // the graph has stopped: no stage reads the last run's events any more
    }

    private void ReturnRun()
    {
        if (_run is not { } run) return;
        _run = null;
        System.Buffers.ArrayPool<SseEventSpan>.Shared.Return(run, clearArray: true); // it holds event names and joined data
    }
}
