using System.Text.Json;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;
using AnthropicWire = Louter.Streams.Protocols.Anthropic.Wire;
using OpenAIWire = Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Host.Frontends;

/// <summary>
/// The model lists, in each client's own shape. The config is fixed for the process, so every body
/// is built once at start; these routes never touch the request graph.
/// </summary>
internal static class ModelEndpoints
{
    public static void MapModels(this IEndpointRouteBuilder app, IRoutingTableSource routing)
    {
        var catalog = ModelCatalog.Of(routing.Current);
        var ids = catalog.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var openAI = OpenAIList(catalog);
        var anthropic = AnthropicList(catalog);
        var gemini = GeminiModels.List(catalog.Select(m => m.Id));

        app.MapGet("/v1/models", (HttpRequest request) => ClientProtocols.Of(request) switch
        {
            ClientProtocol.Anthropic => Results.Bytes(anthropic, "application/json"),
            ClientProtocol.Gemini => Results.Bytes(gemini, "application/json"),
            _ => Results.Bytes(openAI, "application/json"),
        });
        app.MapGet("/v1beta/models", () => Results.Bytes(gemini, "application/json"));

        app.MapGet("/v1/models/{**model}", (HttpRequest request, string model) => One(ClientProtocols.Of(request), model, ids, catalog));
        app.MapGet("/v1beta/models/{**model}", (string model) => One(ClientProtocol.Gemini, model, ids, catalog));
    }

    private static IResult One(ClientProtocol client, string model, HashSet<string> ids, IReadOnlyList<(string Id, string Backend)> catalog)
    {
        var id = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        if (!ids.Contains(id))
        {
            var error = new Louter.Streams.Errors.GatewayError(Louter.Streams.Errors.GatewayErrorKind.NotFound, $"The model `{id}` does not exist or no configured backend serves it.") { Code = "model_not_found", Param = "model" };
            var body = client switch
            {
                ClientProtocol.Anthropic => AnthropicErrors.Render(error),
                ClientProtocol.Gemini => GeminiErrors.Render(error),
                _ => OpenAIErrors.Render(error),
            };
            return Results.Text(System.Text.Encoding.UTF8.GetString(body), "application/json", statusCode: 404);
        }

        return client switch
        {
            ClientProtocol.Anthropic => Results.Json(Anthropic(id), AnthropicJson.Writer.ModelInfo),
            ClientProtocol.Gemini => Results.Bytes(GeminiModels.Get(id), "application/json"),
            _ => Results.Json(new OpenAIWire.ModelEntry { Id = id, OwnedBy = catalog.First(m => m.Id == id).Backend }, OpenAIJson.Writer.ModelEntry),
        };
    }

    private static byte[] OpenAIList(IReadOnlyList<(string Id, string Backend)> catalog)
    {
        var list = new OpenAIWire.ModelList();
        list.Data.AddRange(catalog.Select(m => new OpenAIWire.ModelEntry { Id = m.Id, OwnedBy = m.Backend }));
        return JsonSerializer.SerializeToUtf8Bytes(list, OpenAIJson.Writer.ModelList);
    }

    private static byte[] AnthropicList(IReadOnlyList<(string Id, string Backend)> catalog)
    {
        var list = new AnthropicWire.ModelList();
        list.Data.AddRange(catalog.Select(m => Anthropic(m.Id)));
        list.FirstId = list.Data.FirstOrDefault()?.Id;
        list.LastId = list.Data.LastOrDefault()?.Id;
        return JsonSerializer.SerializeToUtf8Bytes(list, AnthropicJson.Writer.ModelList);
    }

    private static AnthropicWire.ModelInfo Anthropic(string id) => new()
    {
        Id = id,
        DisplayName = id,
        // The models are the operator's names, with no release date of their own.
        CreatedAt = "2025-01-01T00:00:00Z",
    };
}
