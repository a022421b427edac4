using System.Text.Json;
using Louter.Host.Hosting;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.OpenAI.Wire;
using Louter.Streams.Routing;

namespace Louter.Host.Frontends;

/// <summary>The OpenAI-compatible HTTP surface: chat completions and the model list.</summary>
internal static class OpenAIEndpoints
{
    public static void MapOpenAI(this IEndpointRouteBuilder app, IRoutingTableSource routing)
    {
        var models = ModelListJson(routing.Current);

        app.MapPost("/v1/chat/completions", (HttpContext context, GatewayRuntime runtime) => runtime.HandleAsync(context, OpenAIChatFrontend.Instance));
        app.MapGet("/v1/models", () => Results.Bytes(models, "application/json"));
    }

    /// <summary>
    /// GET /v1/models: every client-facing name in a model_mapping, plus the models mock backends
    /// list, once each, in config order. The config is fixed for the process, so this is built once.
    /// </summary>
    internal static byte[] ModelListJson(RoutingTable table)
    {
        var list = new ModelList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var backend in table.Backends.Select(b => b.Descriptor))
        {
            foreach (var id in backend.ModelMapping.Keys.Concat(backend.Models))
            {
                if (seen.Add(id)) list.Data.Add(new ModelEntry { Id = id, OwnedBy = backend.Name });
            }
        }
        return JsonSerializer.SerializeToUtf8Bytes(list, OpenAIJson.Writer.ModelList);
    }

    /// <summary>Unknown paths get an OpenAI-shaped 404, as OpenAI's own API answers them.</summary>
    public static Task NotFoundAsync(HttpContext context)
    {
        var error = new GatewayError(GatewayErrorKind.NotFound, $"Invalid URL ({context.Request.Method} {context.Request.Path})") { Code = "unknown_url" };
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(OpenAIErrors.Render(error)).AsTask();
    }
}
