using System.Text.Json;
using Louter.Host.Hosting;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.OpenAI.Wire;
using Louter.Streams.Routing;

namespace Louter.Host.Frontends;

/// <summary>The OpenAI Chat Completions endpoint (the model list is in <see cref="ModelEndpoints"/>).</summary>
internal static class OpenAIEndpoints
{
    public static void MapOpenAI(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/chat/completions", (HttpContext context, GatewayRuntime runtime) => runtime.HandleAsync(context, OpenAIChatFrontend.Instance));

    /// <summary>Unknown paths get an OpenAI-shaped 404, as OpenAI's own API answers them.</summary>
    public static Task NotFoundAsync(HttpContext context)
    {
        var error = new GatewayError(GatewayErrorKind.NotFound, $"Invalid URL ({context.Request.Method} {context.Request.Path})") { Code = "unknown_url" };
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(OpenAIErrors.Render(error)).AsTask();
    }
}
