using Louter.Streams.Backends;
using Louter.Streams.Codecs;
using Louter.Streams.Mock;
using Louter.Streams.Routing;

namespace Louter.Host.Diagnostics;

/// <summary>
/// Sends the probes (<see cref="DiagnosticProbes"/>) to backends and reports what each one actually
/// supports. Backends are probed in parallel; one backend's probes run one after another:
/// <code>
///   1. text       the baseline; on a connect error or timeout the other probes are skipped
///   2. vision     an 8×8 PNG
///   3. tools      one function tool, tool_choice = required; an answer without a tool call is "unsupported"
///   4. streaming  the text probe, streamed
///   5. compare with the configured capabilities (<see cref="CapabilityCheck"/>)
/// </code>
/// Probes go straight to the transport, not through the request path: they do not count towards
/// the backend's health, its circuit or the metrics, and are sent even when its circuit is open.
/// </summary>
public sealed partial class BackendDiagnostics(BackendTransports transports, TimeProvider time)
{
    private static readonly ProbeKind[] Probes = [ProbeKind.Text, ProbeKind.Vision, ProbeKind.Tools, ProbeKind.Streaming];

    public async Task<DiagnosticsReport> RunAsync(IReadOnlyList<BackendDescriptor> backends, DiagnosticsOptions options, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(backends.Select(b => DiagnoseAsync(b, options, cancellationToken))).ConfigureAwait(false);
        return new DiagnosticsReport(results);
    }

    public async Task<BackendDiagnosis> DiagnoseAsync(BackendDescriptor backend, DiagnosticsOptions options, CancellationToken cancellationToken)
    {
        var model = ProbeModel(backend, options.Model);
        var diagnosis = new BackendDiagnosis(backend.Name, ProtocolName(backend.Protocol), backend.DisplayUrl, model) { Capabilities = backend.Capabilities };
        var codec = transports.CodecFor(backend.WireProtocol);
        if (model is null || codec is null)
        {
            var why = model is null
                ? "no model to probe with: the backend has no model_mapping (pass --model NAME, or ?model=NAME)"
                : $"Louter has no codec for the {backend.Protocol} protocol";
            return diagnosis with { Probes = [.. Probes.Select(p => new ProbeResult(p, ProbeStatus.Failed, 0) { Detail = why })] };
        }

        var results = new List<ProbeResult>(Probes.Length);
        foreach (var probe in Probes)
        {
            if (results.Count > 0 && results[0] is { Status: ProbeStatus.Failed, HttpStatus: null } text)
            {
                // Unreachable or silent: asking three more times would only add three timeouts.
                results.Add(new ProbeResult(probe, ProbeStatus.Failed, 0) { Detail = $"skipped: the text probe failed ({text.Detail})" });
                continue;
            }
            results.Add(await ProbeAsync(backend, codec, model, probe, options.Timeout, cancellationToken).ConfigureAwait(false));
        }

        if (results[0].Status != ProbeStatus.Supported)
        {
            // A refusal means "not this content" only when plain text is accepted; otherwise the
            // backend refuses everything (an unknown model, a wrong URL) and the refusal says nothing.
            for (var i = 1; i < results.Count; i++)
            {
                if (results[i] is { Status: ProbeStatus.Unsupported, HttpStatus: not null } refused) results[i] = refused with { Status = ProbeStatus.Failed };
            }
        }

        return diagnosis with { Probes = results, Warnings = CapabilityCheck.Compare(backend.Capabilities, results) };
    }

    /// <summary>
    /// The upstream model to probe: the requested client name through the mapping (or as is), else
    /// the first mapped upstream model, else the first model a mock lists. Null: nothing to ask for.
    /// </summary>
    internal static string? ProbeModel(BackendDescriptor backend, string? requested)
    {
        if (requested is not null) return backend.ModelMapping.TryGetValue(requested, out var mapped) ? mapped : requested;
        if (backend.ModelMapping.Count > 0) return backend.ModelMapping.Values.First();
        if (backend.Models.Count > 0) return backend.Models[0];
        return backend.Protocol == BackendProtocol.Mock ? MockChatResponder.DefaultModel : null;
    }

    internal static string ProtocolName(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.OpenAI => "openai",
        BackendProtocol.OpenAIResponses => "openai-responses",
        BackendProtocol.Anthropic => "anthropic",
        BackendProtocol.Gemini => "gemini",
        _ => "mock",
    };

    private long ElapsedMs(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;
}
