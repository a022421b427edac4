using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Louter.Actors.Backends;
using Louter.Host.Config;
using Louter.Streams.Backends;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Routing;

namespace Louter.Host.Health;

/// <summary>
/// An active health check: GET the backend's model list (or the configured path) with its own key,
/// through the same pooled connections as requests. Any answer below 500 other than 401/403 means the
/// server works (a 429 is back-pressure, not ill health); 5xx, 401/403, a refused connection or the
/// timeout mean it does not.
/// </summary>
internal sealed class HttpHealthProbe(BackendDescriptor backend, BackendTransports transports, HealthCheckConfig config) : IHealthProbe
{
    private const string AnthropicVersion = "2023-06-01";

    private readonly Uri? _target = backend.BaseUrl is null ? null : Target(backend, config.Path);

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        // The built-in mock is always up.
        if (_target is null) return new HealthCheckResult(true, "built-in");

        using var timeout = new CancellationTokenSource(config.Timeout, transports.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, _target);
        Authorize(request);
        try
        {
            using var response = await transports.For(backend).SendAsync(request, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var ok = status < 500 && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
            return new HealthCheckResult(ok, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new HealthCheckResult(false, $"no answer within {DurationParser.Format(config.Timeout)}");
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socket)
        {
            return new HealthCheckResult(false, socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : socket.Message);
        }
        catch (HttpRequestException e)
        {
            return new HealthCheckResult(false, e.Message);
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (string.IsNullOrEmpty(backend.ApiKey)) return;
        switch (backend.Protocol)
        {
            case BackendProtocol.Anthropic:
                request.Headers.TryAddWithoutValidation("x-api-key", backend.ApiKey);
                request.Headers.TryAddWithoutValidation("anthropic-version", AnthropicVersion);
                break;
            case BackendProtocol.Gemini:
                request.Headers.TryAddWithoutValidation("x-goog-api-key", backend.ApiKey);
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", backend.ApiKey);
                break;
        }
    }

    /// <summary>A configured path is taken from the host root; the default is the protocol's model list under the base URL.</summary>
    internal static Uri Target(BackendDescriptor backend, string? path)
    {
        var baseUrl = backend.BaseUrl!;
        if (path is not null) return new UriBuilder(baseUrl) { Path = path, Query = "" }.Uri;
        if (backend.Protocol == BackendProtocol.Anthropic) return AnthropicEndpoints.Models(baseUrl);

        var root = baseUrl.AbsolutePath.TrimEnd('/');
        if (root.Length == 0) root = backend.Protocol == BackendProtocol.Gemini ? "/v1beta" : "/v1";
        return new UriBuilder(baseUrl) { Path = root + "/models" }.Uri;
    }
}
