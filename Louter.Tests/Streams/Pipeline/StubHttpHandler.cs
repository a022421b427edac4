using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>What a backend received: captured before the request message is disposed.</summary>
internal sealed record ReceivedRequest(Uri Uri, string? Authorization, string Accept, string Body);

/// <summary>A backend as an in-process HTTP handler whose answer each test scripts.</summary>
internal sealed class StubHttpHandler(Func<ReceivedRequest, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedRequest> _received = [];

    public IReadOnlyList<ReceivedRequest> Received
    {
        get { lock (_lock) return [.. _received]; }
    }

    public static StubHttpHandler Answering(Func<ReceivedRequest, HttpResponseMessage> respond) =>
        new((request, _) => Task.FromResult(respond(request)));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var received = new ReceivedRequest(request.RequestUri!, request.Headers.Authorization?.ToString(), request.Headers.Accept.ToString(), body);
        lock (_lock) _received.Add(received);
        return await respond(received, cancellationToken);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    public static HttpResponseMessage EventStream(Stream body)
    {
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
