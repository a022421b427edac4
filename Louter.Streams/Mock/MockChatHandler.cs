using System.Net;
using System.Net.Http.Headers;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI;

namespace Louter.Streams.Mock;

/// <summary>
/// The mock backend as an in-process HTTP handler: it receives exactly the request an OpenAI
/// backend would, and answers in OpenAI's wire format, so the mock exercises the same path as a
/// real backend without a socket.
/// </summary>
public sealed class MockChatHandler(TimeSpan chunkDelay, TimeProvider time) : HttpMessageHandler
{
    private long _counter;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var (chat, error) = ChatRequestDecoder.Decode(body);
        if (chat is null || error is not null)
        {
            var err = error ?? GatewayError.Invalid("The request body must be a JSON object.");
            return Json(HttpStatusCode.BadRequest, OpenAIErrors.Render(err));
        }

        var id = $"chatcmpl-mock-{Interlocked.Increment(ref _counter)}";
        var reply = MockChatResponder.Plan(chat, id, time.GetUtcNow().ToUnixTimeSeconds());
        if (chat.Stream != true) return Json(HttpStatusCode.OK, MockChatResponder.Completion(reply));

        var events = MockChatResponder.StreamEvents(reply, includeUsage: chat.StreamOptions?.IncludeUsage == true);
        var content = new StreamContent(new MockEventStream(events, chunkDelay, time));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }

    private static HttpResponseMessage Json(HttpStatusCode status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(status) { Content = content };
    }
}
