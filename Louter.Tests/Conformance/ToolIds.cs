using Louter.Streams.Canonical;

namespace Louter.Tests.Conformance;

/// <summary>Tool-call ids replaced by placeholders in order of first appearance: which call a result answers survives, the spelling does not.</summary>
internal static class ToolIds
{
    /// <summary>Empty ids filled in: the n-th call without an id and the n-th result without one get the same id.</summary>
    public static ChatRequest NumberInOrder(ChatRequest request)
    {
        int calls = 0, results = 0;
        return request with
        {
            Messages = [.. request.Messages.Select(m => m with
            {
                Content = [.. m.Content.Select(b => b switch
                {
                    ToolUseBlock { Id.Length: 0 } u => u with { Id = $"in-order-{++calls}" },
                    ToolResultBlock { ToolUseId.Length: 0 } r => r with { ToolUseId = $"in-order-{++results}" },
                    _ => b,
                })],
            })],
        };
    }

    public static ChatRequest Placeholders(ChatRequest request)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Of(string id) => ids.TryGetValue(id, out var p) ? p : ids[id] = $"<id #{ids.Count + 1}>";
        return request with
        {
            Messages = [.. request.Messages.Select(m => m with
            {
                Content = [.. m.Content.Select(b => b switch
                {
                    ToolUseBlock u => u with { Id = Of(u.Id) },
                    ToolResultBlock r => r with { ToolUseId = Of(r.ToolUseId) },
                    _ => b,
                })],
            })],
        };
    }
}
