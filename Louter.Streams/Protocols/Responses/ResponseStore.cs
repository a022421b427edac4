using System.Text.Json;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// A response Louter produced and keeps for <c>previous_response_id</c> and GET /v1/responses/{id}:
/// the response object as the client saw it, and the input items of the request that produced it.
/// </summary>
public sealed record StoredResponse(string Id, string? PreviousResponseId, DateTimeOffset CreatedAt, byte[] Response, byte[] Input)
{
    public static StoredResponse Create(ResponseObject response, IReadOnlyList<ResponseItem> input, DateTimeOffset createdAt) => new(
        response.Id!,
        response.PreviousResponseId,
        createdAt,
        JsonSerializer.SerializeToUtf8Bytes(response, ResponsesJson.Writer.ResponseObject),
        JsonSerializer.SerializeToUtf8Bytes(input as List<ResponseItem> ?? [.. input], ResponsesJson.Writer.ListResponseItem));

    public ResponseObject ReadResponse() => JsonSerializer.Deserialize(Response, ResponsesJsonContext.Default.ResponseObject)!;

    public List<ResponseItem> ReadInput() => JsonSerializer.Deserialize(Input, ResponsesJsonContext.Default.ListResponseItem) ?? [];
}

/// <summary>
/// Where stored responses live. <see cref="Save"/> is synchronous and must make the response
/// findable at once (a client may name it in its very next request); writing it to the database
/// may finish later.
/// </summary>
public interface IResponseStore
{
    void Save(StoredResponse response);

    /// <summary>The stored response, or null when unknown, expired or deleted.</summary>
    ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken);

    ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <summary>What the Responses endpoint resolved before the request entered the graph.</summary>
public sealed record ResponsesContext(IResponseStore? Store)
{
    /// <summary>The items of the stored responses named by previous_response_id, oldest first.</summary>
    public IReadOnlyList<ResponseItem> History { get; init; } = [];
}

/// <summary>Rebuilds a conversation from a chain of stored responses.</summary>
public static class ResponseHistory
{
    /// <summary>Guards against a cycle or an absurd chain in a corrupted store.</summary>
    public const int MaxChain = 10_000;

    /// <summary>
    /// Input and output items of <paramref name="id"/> and every response before it, oldest first;
    /// null when <paramref name="id"/> (or a response it follows) is not stored.
    /// </summary>
    public static async ValueTask<List<ResponseItem>?> RebuildAsync(IResponseStore store, string id, CancellationToken cancellationToken)
    {
        var chain = new List<StoredResponse>();
        string? next = id;
        while (next is not null && chain.Count < MaxChain)
        {
            var stored = await store.FindAsync(next, cancellationToken);
            if (stored is null) return null;
            chain.Add(stored);
            next = stored.PreviousResponseId;
        }

        var items = new List<ResponseItem>();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            items.AddRange(chain[i].ReadInput());
            foreach (var item in chain[i].ReadResponse().Output ?? [])
            {
                if (item is not null) items.Add(item);
            }
        }
        return items;
    }

    /// <summary>
    /// The conversation for one request: history, then the input with every item_reference replaced
    /// by the item it names (from the history). A reference to an unknown item is left out and noted.
    /// </summary>
    public static List<ResponseItem> Combine(IReadOnlyList<ResponseItem> history, IReadOnlyList<ResponseItem> input, ICollection<string> notes)
    {
        var all = new List<ResponseItem>(history.Count + input.Count);
        all.AddRange(history);
        Dictionary<string, ResponseItem>? byId = null;
        foreach (var item in input)
        {
            if (item.Type != "item_reference")
            {
                all.Add(item);
                continue;
            }
            byId ??= history.Where(h => h.Id is not null).GroupBy(h => h.Id!).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
            if (byId.TryGetValue(item.Id!, out var referenced)) all.Add(referenced);
            else notes.Add($"item_reference '{item.Id}' names no item of the stored conversation and was left out");
        }
        return all;
    }
}
