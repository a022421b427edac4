using System.Net;

namespace Louter.Tests.Conformance;

/// <summary>
/// The web server a client's media URLs point at, for rows where Louter may fetch them
/// (<c>fetch_media_urls</c>). In-process, so the address guard is not in play here; it has tests of
/// its own (AddressGuardTests, MediaInlinerTests with a real loopback server).
/// </summary>
internal sealed class MediaServer : HttpMessageHandler
{
    public const string Base = "https://media.test/";

    /// <summary>What the server holds: path → (MIME type it serves, base64 bytes).</summary>
    public static readonly IReadOnlyDictionary<string, (string Mime, string Base64)> Files = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["/cat.png"] = ("image/png", Answers.Png),
        ["/report.pdf"] = ("application/pdf", Answers.Pdf),
    };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { Host: "media.test" } uri || !Files.TryGetValue(uri.AbsolutePath, out var file))
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
        var content = new ByteArrayContent(Convert.FromBase64String(file.Base64));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.Mime);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
