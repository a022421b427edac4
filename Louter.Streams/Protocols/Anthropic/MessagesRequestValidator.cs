using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// The checks Anthropic makes that a client would otherwise only learn about from whichever backend
/// the request lands on — or never, when a translating backend accepts what Anthropic would not.
/// Each error names the field in Anthropic's dotted form. Unknown block and tool types are not
/// judged here: they pass to an Anthropic backend as they are.
/// </summary>
internal static class MessagesRequestValidator
{
    public static GatewayError? Validate(MessagesRequest r, bool requireMaxTokens)
    {
        if (r.Model is null) return Missing("model");
        if (r.Model.Length == 0) return Invalid("model", "String should have at least 1 character");
        if (r.Messages is null) return Missing("messages");
        if (requireMaxTokens && r.MaxTokens is null) return Missing("max_tokens");
        if (r.MaxTokens is < 1) return Invalid("max_tokens", "Input should be greater than or equal to 1");
        if (r.Messages.Count == 0) return Invalid("messages", "at least one message is required");

        for (var i = 0; i < r.Messages.Count; i++)
        {
            if (ValidateMessage(r.Messages[i], $"messages.{i}") is { } error) return error;
        }

        if (r.System?.Blocks is { } system)
        {
            for (var j = 0; j < system.Count; j++)
            {
                var path = $"system.{j}";
                if (system[j] is not { } block) return Invalid(path, "Input should be a valid dictionary");
                if (block.Type is null) return Missing(path + ".type");
                if (block.Type != "text") return Invalid(path + ".type", "Input should be 'text'");
                if (block.Text is null) return Missing(path + ".text");
            }
        }

        if (r.Temperature is < 0) return Invalid("temperature", "Input should be greater than or equal to 0");
        if (r.Temperature is > 1) return Invalid("temperature", "Input should be less than or equal to 1");
        if (r.TopP is < 0) return Invalid("top_p", "Input should be greater than or equal to 0");
        if (r.TopP is > 1) return Invalid("top_p", "Input should be less than or equal to 1");
        if (r.TopK is < 0) return Invalid("top_k", "Input should be greater than or equal to 0");

        return ValidateTools(r) ?? ValidateToolChoice(r.ToolChoice) ?? ValidateThinking(r.Thinking);
    }

    private static GatewayError? ValidateMessage(MessageParam? m, string path)
    {
        if (m is null) return Invalid(path, "Input should be a valid dictionary");
        if (m.Role is null) return Missing(path + ".role");
        // Mid-conversation system messages: Claude Code 2.x sends them to models newer than
        // claude-opus-4-8 (its "Environment" and reminder blocks), and falls back, one refused
        // request later, only when the server answers "messages.N.role: Input should be 'user' or 'assistant'".
        if (m.Role is not ("user" or "assistant" or "system"))
            return Invalid(path + ".role", "Input should be 'user', 'assistant' or 'system'");
        if (m.Content is null) return Missing(path + ".content");
        if (m.Content.Blocks is not { } blocks) return null;

        for (var j = 0; j < blocks.Count; j++)
        {
            var blockPath = $"{path}.content.{j}";
            if (m.Role == "system" && blocks[j] is { Type: not null and not "text" })
                return Invalid(blockPath + ".type", "Input should be 'text'");
            if (ValidateBlock(blocks[j], blockPath) is { } error) return error;
        }
        return null;
    }

    private static GatewayError? ValidateBlock(WireBlock? b, string path)
    {
        if (b is null) return Invalid(path, "Input should be a valid dictionary");
        if (b.Type is null) return Missing(path + ".type");
        switch (b.Type)
        {
            case "text" when b.Text is null:
                return Missing(path + ".text");
            case "image" or "document" when b.Source is null:
                return Missing(path + ".source");
            case "tool_use" when b.Id is null:
                return Missing(path + ".id");
            case "tool_use" when b.Name is null:
                return Missing(path + ".name");
            case "tool_result" when b.ToolUseId is null:
                return Missing(path + ".tool_use_id");
            case "tool_result" when b.Content?.Blocks is { } inner:
                for (var k = 0; k < inner.Count; k++)
                {
                    if (ValidateBlock(inner[k], $"{path}.content.{k}") is { } error) return error;
                }
                return null;
            case "thinking" when b.Thinking is null:
                return Missing(path + ".thinking");
            default:
                return null;
        }
    }

    private static GatewayError? ValidateTools(MessagesRequest r)
    {
        if (r.Tools is not { } tools) return null;
        for (var k = 0; k < tools.Count; k++)
        {
            var path = $"tools.{k}";
            if (tools[k] is not { } tool) return Invalid(path, "Input should be a valid dictionary");
            if (tool.Raw is not null) continue; // a server tool: Anthropic's to judge
            if (string.IsNullOrEmpty(tool.Name)) return Missing(path + ".name");
            if (tool.InputSchema is null) return Missing(path + ".input_schema");
        }
        return null;
    }

    private static GatewayError? ValidateToolChoice(ToolChoiceParam? choice)
    {
        if (choice is null) return null;
        if (choice.Type is null) return Missing("tool_choice.type");
        if (choice.Type is not ("auto" or "any" or "tool" or "none"))
        {
            return Invalid("tool_choice",
                $"Input tag '{Truncate(choice.Type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'");
        }
        return choice.Type == "tool" && string.IsNullOrEmpty(choice.Name) ? Missing("tool_choice.tool.name") : null;
    }

    private static GatewayError? ValidateThinking(ThinkingParam? thinking)
    {
        if (thinking is null) return null;
        if (thinking.Type is null) return Missing("thinking.type");
        if (thinking.Type is not ("enabled" or "disabled" or "adaptive"))
        {
            return Invalid("thinking",
                $"Input tag '{Truncate(thinking.Type)}' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'");
        }
        if (thinking.Type != "enabled") return null;
        if (thinking.BudgetTokens is null) return Missing("thinking.enabled.budget_tokens");
        // Anthropic's documented minimum thinking budget.
        return thinking.BudgetTokens < 1024
            ? Invalid("thinking.enabled.budget_tokens", "Input should be greater than or equal to 1024")
            : null;
    }

    private static GatewayError Missing(string field) =>
        GatewayError.Invalid($"{field}: Field required", field, "missing_required_parameter");

    private static GatewayError Invalid(string field, string what) =>
        GatewayError.Invalid($"{field}: {what}", field, "invalid_value");

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
