namespace Louter.Tests.Conformance;

/// <summary>The upstream server: records every request (URL, headers, body) and every body it sent back, and answers as the script says.</summary>
internal sealed class ScriptedUpstream(Func<UpstreamRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<UpstreamRequest> _received = [];
    private readonly List<byte[]> _sent = [];

    public IReadOnlyList<UpstreamRequest> Received
    {
        get { lock (_lock) return [.. _received]; }
    }

    public IReadOnlyList<byte[]> Sent
    {
        get { lock (_lock) return [.. _sent]; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal);
        var received = new UpstreamRequest(request.RequestUri!, headers, body);
        lock (_lock) _received.Add(received);

        var response = respond(received);
        var sent = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (_lock) _sent.Add(sent);
        return response;
    }
}
