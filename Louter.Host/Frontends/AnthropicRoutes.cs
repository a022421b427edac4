using System.Net.Http.Headers;
using Louter.Host.Hosting;
using Louter.Streams.Backends;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Routing;

namespace Louter.Host.Frontends;

/// <summary>
/// The Anthropic Messages surface: /v1/messages (JSON and SSE) and /v1/messages/count_tokens.
/// The client's key (x-api-key or Authorization: Bearer) is never forwarded; anthropic-version and
/// anthropic-beta are, to Anthropic backends only. ?beta=true (sent by Claude Code) is accepted and ignored.
/// </summary>
internal static class AnthropicRoutes
{
    private static readonly string[] Forwarded = ["anthropic-version", "anthropic-beta"];

    public static void MapAnthropic(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/messages", (HttpContext context, GatewayRuntime runtime) =>
            runtime.HandleAsync(context, AnthropicFrontend.Instance, new RequestHints { ForwardHeaders = ForwardHeaders(context.Request) }));
        app.MapPost("/v1/messages/count_tokens", CountTokensAsync);
    }

    private static List<KeyValuePair<string, string>> ForwardHeaders(HttpRequest request) =>
        [.. Forwarded.Where(request.Headers.ContainsKey).Select(h => new KeyValuePair<string, string>(h, request.Headers[h].ToString()))];

    /// <summary>
    /// An Anthropic backend counts exactly (the request is forwarded to its count_tokens); for any
    /// other backend, or if that fails, Louter estimates (AnthropicTokenCounter documents how).
    /// </summary>
    private static async Task CountTokensAsync(HttpContext context, IRoutingTableSource routing, BackendTransports transports, GatewayLimits limits)
    {
        var response = context.Response;
        var (body, tooLarge) = await RequestBodyReader.ReadAsync(context.Request, limits.MaxRequestBodyBytes, context.RequestAborted);
        var (wire, error) = tooLarge is null ? MessagesRequestDecoder.DecodeCountTokens(body.Span) : (null, tooLarge);
        if (error is not null || wire is null)
        {
            await WriteAsync(response, error ?? GatewayError.Invalid("The request body must be a JSON object."));
            return;
        }

        var canonical = AnthropicRequestMapper.ToCanonical(wire);
        var route = ModelRouter.Route(routing.Current, canonical.Model);
        if (route.Error is { } routeError)
        {
            await WriteAsync(response, routeError);
            return;
        }

        var target = route.Candidates[0];
        if (target.Backend.Protocol == BackendProtocol.Anthropic && await ForwardAsync(context, transports, target, body) is { } exact)
        {
            response.ContentType = "application/json";
            await response.Body.WriteAsync(exact, context.RequestAborted);
            return;
        }

        response.ContentType = "application/json";
        await response.WriteAsync($$"""{"input_tokens":{{AnthropicTokenCounter.Estimate(canonical)}}}""", context.RequestAborted);
    }

    private static async Task<byte[]?> ForwardAsync(HttpContext context, BackendTransports transports, RouteCandidate target, ReadOnlyMemory<byte> body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AnthropicEndpoints.CountTokens(target.Backend.BaseUrl))
        {
            Content = new ByteArrayContent(AnthropicRequestRewriter.Rewrite(body.Span, target.UpstreamModel)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (target.Backend.ApiKey is { } key) request.Headers.Add("x-api-key", key);
        request.Headers.TryAddWithoutValidation("anthropic-version", context.Request.Headers["anthropic-version"].FirstOrDefault() ?? "2023-06-01");
        if (context.Request.Headers.TryGetValue("anthropic-beta", out var beta)) request.Headers.TryAddWithoutValidation("anthropic-beta", beta.ToString());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var answer = await transports.For(target.Backend).SendAsync(request, timeout.Token);
            return answer.IsSuccessStatusCode ? await answer.Content.ReadAsByteArrayAsync(timeout.Token) : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            return null; // counting is advisory: the estimate answers instead
        }
    }

    private static Task WriteAsync(HttpResponse response, GatewayError error)
    {
        response.StatusCode = AnthropicFrontend.Instance.StatusOf(error);
        response.ContentType = "application/json";
        return response.Body.WriteAsync(AnthropicErrors.Render(error)).AsTask();
    }
}
