namespace Louter.Streams.Backends;

/// <summary>Headers every backend protocol puts on its upstream request the same way.</summary>
internal static class UpstreamHeaders
{
    /// <summary>
    /// Accept for a streamed or a whole answer, stored as the constant it is (<c>Accept.ParseAdd</c>
    /// parsed the same literal into a header object on every request).
    /// </summary>
    public static void Accept(HttpRequestMessage request, bool stream) =>
        request.Headers.TryAddWithoutValidation("Accept", stream ? "text/event-stream" : "application/json");
}
