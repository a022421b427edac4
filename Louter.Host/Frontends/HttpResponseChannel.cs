using Louter.Streams.Pipeline;
using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Louter.Host.Frontends;

/// <summary>The graph's sink writes through this onto the ASP.NET Core response.</summary>
internal sealed class HttpResponseChannel(HttpResponse response, string requestId) : IResponseChannel
{
    private bool _headed;

    public bool HasStarted => response.HasStarted;

    public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (response.HasStarted) return;
        // A Head may be followed by an error before any byte went out: the error replaces it whole.
        // Only then is there anything to clear (Clear() on the fresh response cost ~0.2 µs a request).
        if (_headed) response.Clear();
        _headed = true;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers["x-request-id"] = requestId;
        foreach (var (name, value) in headers) response.Headers[name] = value;
        if (contentType.StartsWith("text/event-stream", StringComparison.Ordinal))
            response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Unflushed bytes beyond this are flushed anyway, so a burst never piles up in memory.</summary>
    private const int MaxUnflushedBytes = 64 * 1024;

    private int _unflushed;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => WriteAsync(data, flush: true, cancellationToken);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool flush, CancellationToken cancellationToken)
    {
        if (flush || !response.HasStarted || _unflushed + data.Length > MaxUnflushedBytes)
        {
            // PipeWriter.WriteAsync writes and flushes (what earlier unflushed writes left too).
            _unflushed = 0;
            return Completed(response.BodyWriter.WriteAsync(data, cancellationToken));
        }
        response.BodyWriter.Write(data.Span);
        _unflushed += data.Length;
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_unflushed == 0) return ValueTask.CompletedTask;
        _unflushed = 0;
        return Completed(response.BodyWriter.FlushAsync(cancellationToken));
    }

    private static ValueTask Completed(ValueTask<FlushResult> flush)
    {
        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            return result.IsCanceled || result.IsCompleted ? ValueTask.FromException(ClientStopped()) : ValueTask.CompletedTask;
        }
        return Awaited(flush);

        static async ValueTask Awaited(ValueTask<FlushResult> pending)
        {
            var result = await pending.ConfigureAwait(false);
            if (result.IsCanceled || result.IsCompleted) throw ClientStopped();
        }
    }

    // The connection is gone (its abort may not have been signalled yet): a disconnect, not a fault.
    private static ClientDisconnectedException ClientStopped() => new();
}
