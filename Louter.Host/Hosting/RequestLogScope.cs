using System.Collections;
using System.Diagnostics;

namespace Louter.Host.Hosting;

/// <summary>
/// The logging scope of one request: RequestId, and TraceId — of Louter's own request span once the
/// request has one (the trace that is exported); before that, of the Activity ASP.NET Core started
/// if it started one (at debug level), else the incoming traceparent's, else a random one kept for the
/// request. The console formatters print it with each line (IncludeScopes); the JSON one as an object
/// in "Scopes". The trace id is settled and formatted only when a line is written.
/// </summary>
internal sealed class RequestLogScope(string requestId, Activity? activity, string? traceParent = null) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private static readonly object Key = new();
    private ActivityTraceId _traceId;

    /// <summary>Louter's request span, when tracing made one: its trace id is the one logged from then on.</summary>
    public Activity? Span { get; set; }

    private ActivityTraceId TraceId => Span?.TraceId ?? activity?.TraceId ?? Untraced();

    private ActivityTraceId Untraced()
    {
        if (_traceId == default)
        {
            _traceId = ActivityContext.TryParse(traceParent, null, out var parent) ? parent.TraceId : ActivityTraceId.CreateRandom();
        }
        return _traceId;
    }

    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 => new("TraceId", TraceId.ToHexString()),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Keeps the scope with the request, so the request span can be given to it later.</summary>
    public void Attach(HttpContext context) => context.Items[Key] = this;

    public static RequestLogScope? Of(HttpContext context) => context.Items.TryGetValue(Key, out var scope) ? scope as RequestLogScope : null;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"RequestId:{requestId} TraceId:{TraceId.ToHexString()}";
}
