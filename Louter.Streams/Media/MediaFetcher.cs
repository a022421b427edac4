using System.Net;
using System.Net.Sockets;

namespace Louter.Streams.Media;

/// <summary>
/// Fetches a media URL for inlining, within the policy: http(s) only, at most a few redirects (each
/// checked again), every connection made only to an address the guard allows — checked at connect
/// time, after DNS, so a name that resolves to a private address is refused too — and at most
/// MaxBytes read.
/// </summary>
public sealed class MediaFetcher : IDisposable
{
    private const int MaxRedirects = 3;

    private readonly MediaUrlPolicy _policy;
    private readonly HttpMessageInvoker _http;

    public MediaFetcher(MediaUrlPolicy policy, HttpMessageHandler? handler = null)
    {
        _policy = policy;
        _http = new HttpMessageInvoker(handler ?? CreateHandler(policy), disposeHandler: true);
    }

    public MediaUrlPolicy Policy => _policy;

    private static SocketsHttpHandler CreateHandler(MediaUrlPolicy policy) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
            var allowed = addresses.FirstOrDefault(a => policy.AllowPrivateAddresses || AddressGuard.IsPublic(a))
                ?? throw new MediaFetchException("the address is private or loopback, which the gateway does not fetch from");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(allowed, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>The bytes and MIME type at <paramref name="url"/>, or a <see cref="MediaFetchException"/> saying why not.</summary>
    public async Task<(byte[] Data, string? MimeType)> FetchAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_policy.Timeout);
        var address = Parse(url);
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new MediaFetchException(e.InnerException as MediaFetchException is { } guard ? guard.Message : "the server could not be reached");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MediaFetchException($"no answer within {_policy.Timeout.TotalSeconds:0}s");
            }

            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects == MaxRedirects) throw new MediaFetchException("too many redirects");
                    address = Parse(new Uri(address, location).ToString());
                    continue;
                }
                if (!response.IsSuccessStatusCode) throw new MediaFetchException($"the server answered HTTP {(int)response.StatusCode}");
                if (response.Content.Headers.ContentLength > _policy.MaxBytes) throw TooLarge();

                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > _policy.MaxBytes) throw TooLarge();
                    buffer.Write(chunk, 0, read);
                }
                return (buffer.ToArray(), response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    private MediaFetchException TooLarge() => new($"the file is larger than the gateway fetches ({_policy.MaxBytes / (1024 * 1024)} MiB)");

    private static Uri Parse(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new MediaFetchException("only http and https URLs can be fetched");

    public void Dispose() => _http.Dispose();
}
