using Louter.Streams.Pipeline;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>
/// For a traced request on the OpenAI pass-through: reads the answering model and the finish reason
/// from the relayed body, or from the one chunk that carries a finish reason. Untraced requests
/// parse nothing more than the relay already does.
/// </summary>
internal static class OpenAIRelayTrace
{
    public static void Observe(Exchange exchange, ReadOnlySpan<byte> data, bool chunk)
    {
        if (exchange.Span is not { IsAllDataRequested: true }) return;
        if (chunk && !HasFinishReason(data)) return;
        if (RelayProbe.Read(data, OpenAIJsonContext.Default.ChatTraceProbe) is not { } probe) return;
        if (probe.Model is { Length: > 0 } model) exchange.ResponseModel = model;
        if (probe.Choices is [{ FinishReason: { } reason }, ..]) exchange.FinishReason = reason;
    }

    /// <summary>True when the chunk has a <c>"finish_reason"</c> that is a string, not null.</summary>
    private static bool HasFinishReason(ReadOnlySpan<byte> data)
    {
        var at = data.IndexOf("\"finish_reason\""u8);
        if (at < 0) return false;
        var rest = data[(at + "\"finish_reason\"".Length)..].TrimStart(" \t\r\n:"u8);
        return rest.Length > 0 && rest[0] == (byte)'"';
    }
}
