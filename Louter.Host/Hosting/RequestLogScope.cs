using System.Collections;
using System.Diagnostics;

namespace Louter.Host.Hosting;

/// <summary>
/// The logging scope of one request: RequestId, and TraceId — of Louter's own request span once the
/// request has one (the trace that is exported), before that of the Activity ASP.NET Core started
/// (it honours an incoming traceparent). The console formatters print it with each line
/// (IncludeScopes); the JSON one as an object in "Scopes". The trace id is formatted only when a
/// line is written.
/// </summary>
internal sealed class RequestLogScope(string requestId, Activity? activity) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private static readonly object Key = new();

    /// <summary>Louter's request span, when tracing made one: its trace id is the one logged from then on.</summary>
    public Activity? Span { get; set; }

    private Activity? Traced => Span ?? activity;

    public int Count => Traced is null ? 1 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 when Traced is { } traced => new("TraceId", traced.TraceId.ToHexString()),
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

    public override string ToString() =>
        Traced is not { } traced ? $"RequestId:{requestId}" : $"RequestId:{requestId} TraceId:{traced.TraceId.ToHexString()}";
}
