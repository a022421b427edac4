using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

public sealed partial class AnthropicFrontend
{
    /// <summary>
    /// Same-protocol relay from an Anthropic backend. Events are re-framed byte for byte; usage is
    /// read on the way (message_start, then message_delta's running totals) into the exchange, in
    /// Louter's convention.
    /// </summary>
    public ClientFrame? PassThrough(in BackendFrame frame)
    {
        var exchange = frame.Exchange;
        switch (frame.Kind)
        {
            case BackendFrameKind.Head:
                return RelayFrames.Head(frame);

            case BackendFrameKind.Event:
                ReadEvent(exchange, frame.EventName, frame.Data!);
                return new ClientFrame(exchange, ClientFrameKind.Data) { Data = AnthropicSse.Frame(frame.EventName, frame.Data) };

            case BackendFrameKind.Body:
                if (Probe(frame.Data!) is { Usage: { } usage }) exchange.Usage = AnthropicUsage.ToCanonical(usage);
                return new ClientFrame(exchange, ClientFrameKind.Data) { Data = frame.Data };

            case BackendFrameKind.End when frame.Complete:
                return null;

            case BackendFrameKind.End:
                // The body ended without message_stop.
                return RelayFrames.CutOff(exchange);

            default:
                return new ClientFrame(exchange, ClientFrameKind.Error) { Error = frame.Error };
        }
    }

    public bool RelaysRaw(Exchange exchange) => true;

    /// <summary>Raw relay: usage and errors are read as in <see cref="PassThrough"/>; every event is the client's.</summary>
    public bool Observe(Exchange exchange, string? eventName, ReadOnlySpan<byte> data)
    {
        ReadEvent(exchange, eventName, data);
        return true;
    }

    private static void ReadEvent(Exchange exchange, string? name, ReadOnlySpan<byte> data)
    {
        // Only three events can carry what Louter reads; the rest are relayed without parsing.
        if (name is not ("message_start" or "message_delta" or "error" or null)) return;
        if (Probe(data) is not { } probe) return;

        switch (probe.Type)
        {
            case "message_start" when probe.Message?.Usage is { } usage:
                exchange.Usage = AnthropicUsage.ToCanonical(usage);
                break;
            case "message_delta" when probe.Usage is { } usage:
                var earlier = exchange.Usage is { } u ? AnthropicUsage.FromCanonical(u) : null;
                exchange.Usage = AnthropicUsage.ToCanonical(AnthropicUsage.Merge(earlier, usage));
                break;
            case "error":
                exchange.Outcome = probe.Error?.Type switch
                {
                    "overloaded_error" => UpstreamOutcome.Overloaded,
                    "rate_limit_error" => UpstreamOutcome.RateLimited,
                    _ => UpstreamOutcome.ServerError,
                };
                break;
        }
    }

    private static UsageProbe? Probe(ReadOnlySpan<byte> data) => RelayProbe.Read(data, AnthropicJsonContext.Default.UsageProbe);
}
