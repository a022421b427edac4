using System.Diagnostics;

namespace Louter.Host.Hosting;

/// <summary>
/// First in the pipeline: settles the request id (<see cref="RequestIds"/>), keeps it as the
/// request's TraceIdentifier, puts it on the response whatever answers (model endpoints, health,
/// admin, 404s, errors), and opens the one logging scope that tags each log line of the request
/// with the id and the trace id.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var id = RequestIds.Resolve(context.Request.Headers[RequestIds.Header]);
        context.TraceIdentifier = id;
        // At OnStarting rather than now: an endpoint may Clear() the response (an error replacing a
        // head), and a pass-through backend head may carry its own x-request-id; ours is set last.
        context.Response.OnStarting(SetHeader, context);
        var scope = new RequestLogScope(id, Activity.Current, context.Request.Headers.TraceParent);
        scope.Attach(context);
        using (logger.BeginScope(scope))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    private static Task SetHeader(object state)
    {
        var context = (HttpContext)state;
        context.Response.Headers[RequestIds.Header] = context.TraceIdentifier;
        return Task.CompletedTask;
    }
}
