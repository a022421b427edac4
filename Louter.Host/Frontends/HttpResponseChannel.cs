using Louter.Streams.Pipeline;
using Microsoft.AspNetCore.Http.Features;

namespace Louter.Host.Frontends;

/// <summary>The graph's sink writes through this onto the ASP.NET Core response.</summary>
internal sealed class HttpResponseChannel(HttpResponse response, string requestId) : IResponseChannel
{
    public bool HasStarted => response.HasStarted;

    public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (response.HasStarted) return;
        // A Head may be followed by an error before any byte went out: the error replaces it whole.
        response.Clear();
        response.StatusCode = status;
        response.ContentType = contentType;
        response.Headers["x-request-id"] = requestId;
        foreach (var (name, value) in headers) response.Headers[name] = value;
        if (contentType.StartsWith("text/event-stream", StringComparison.Ordinal))
            response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        // PipeWriter.WriteAsync writes and flushes: every event reaches the client as it is written.
        var result = await response.BodyWriter.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted) throw new OperationCanceledException("The client stopped reading.");
    }
}
