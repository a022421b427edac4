using System.Collections;
using System.Diagnostics;

namespace Louter.Host.Hosting;

/// <summary>
/// The logging scope of one request: RequestId, and TraceId when ASP.NET Core started an Activity
/// for the request (it honours an incoming traceparent). The console formatters print it with each
/// line (IncludeScopes); the JSON one as an object in "Scopes". The trace id is formatted only when
/// a line is written.
/// </summary>
internal sealed class RequestLogScope(string requestId, Activity? activity) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => activity is null ? 1 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("RequestId", requestId),
        1 when activity is not null => new("TraceId", activity.TraceId.ToHexString()),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        activity is null ? $"RequestId:{requestId}" : $"RequestId:{requestId} TraceId:{activity.TraceId.ToHexString()}";
}
