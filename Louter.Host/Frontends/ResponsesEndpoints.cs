using System.Text.Json;
using Louter.Host.Hosting;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Host.Frontends;

/// <summary>
/// The OpenAI Responses endpoints: POST /v1/responses (through the request graph), and
/// GET / DELETE /v1/responses/{id} on the response store.
/// </summary>
internal static class ResponsesEndpoints
{
    public static void MapResponses(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/responses", (HttpContext context, GatewayRuntime runtime, IResponseStore store) =>
            runtime.HandleAsync(context, ResponsesFrontend.Instance, prepare: (body, ct) => PrepareAsync(body, store, ct)));
        app.MapGet("/v1/responses/{id}", GetAsync);
        app.MapDelete("/v1/responses/{id}", DeleteAsync);
    }

    /// <summary>
    /// Resolves previous_response_id before the request enters the graph (the graph does no I/O of
    /// its own before routing): the stored conversation travels in the hints; an unknown id is a 404.
    /// </summary>
    private static async ValueTask<(RequestHints? Hints, GatewayError? Error)> PrepareAsync(ReadOnlyMemory<byte> body, IResponseStore store, CancellationToken cancellationToken)
    {
        var context = new ResponsesContext(store);
        if (PreviousResponseId(body.Span) is not { } previous) return (new RequestHints { Responses = context }, null);
        var history = await ResponseHistory.RebuildAsync(store, previous, cancellationToken);
        return history is null
            ? (null, ResponsesFrontend.PreviousNotFound(previous))
            : (new RequestHints { Responses = context with { History = history } }, null);
    }

    /// <summary>The top-level "previous_response_id" string, if the body is a JSON object that has one (anything else is the decoder's to report).</summary>
    internal static string? PreviousResponseId(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("previous_response_id"u8) < 0) return null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIt = reader.ValueTextEquals("previous_response_id"u8);
                reader.Read();
                if (isIt) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // malformed: the decoder answers with the precise error
        }
        return null;
    }

    private static async Task GetAsync(string id, HttpContext context, IResponseStore store)
    {
        var stored = await store.FindAsync(id, context.RequestAborted);
        if (stored is null)
        {
            await NotFoundAsync(context, id);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(stored.Response, context.RequestAborted);
    }

    private static async Task DeleteAsync(string id, HttpContext context, IResponseStore store)
    {
        if (!await store.DeleteAsync(id, context.RequestAborted))
        {
            await NotFoundAsync(context, id);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(
            JsonSerializer.SerializeToUtf8Bytes(new ResponseDeleted { Id = id, Deleted = true }, ResponsesJson.Writer.ResponseDeleted), context.RequestAborted);
    }

    private static Task NotFoundAsync(HttpContext context, string id)
    {
        var error = new GatewayError(GatewayErrorKind.NotFound, $"Response with id '{id}' not found.") { Param = "response_id", Code = "response_not_found" };
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(OpenAIErrors.Render(error), context.RequestAborted).AsTask();
    }
}
