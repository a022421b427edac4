using Louter.Streams.Routing;

namespace Louter.Host.Diagnostics;

/// <summary>
/// Where the configured <c>capabilities</c> and the probes disagree. Two directions:
/// <list type="bullet">
/// <item>a capability is configured (an empty list configures all of them) but its probe was refused:
///   routing will send the backend requests it cannot serve;</item>
/// <item>a probe succeeded for a capability a non-empty list leaves out: routing never uses it for that.</item>
/// </list>
/// A failed probe says nothing about capabilities and raises no warning. Streaming is no capability
/// (every backend is expected to stream), so a refused streaming probe is always a warning.
/// </summary>
internal static class CapabilityCheck
{
    public static IReadOnlyList<string> Compare(IReadOnlyList<string> configured, IReadOnlyList<ProbeResult> probes)
    {
        var accepts = Capabilities.Of(configured);
        var warnings = new List<string>();
        foreach (var probe in probes)
        {
            var name = probe.Probe.ToString().ToLowerInvariant();
            if (CapabilityOf(probe.Probe) is not { } flag)
            {
                if (probe.Status == ProbeStatus.Unsupported)
                    warnings.Add($"the {name} probe was refused ({probe.Detail}): streamed requests routed here will fail");
                continue;
            }

            var capability = Capabilities.NameOf(flag);
            var listed = (accepts & flag) != 0;
            if (listed && probe.Status == ProbeStatus.Unsupported)
            {
                warnings.Add(configured.Count == 0
                    ? $"capabilities is empty (accepts everything), but the {name} probe was refused ({probe.Detail}); list what the backend supports so routing sends {capability} requests elsewhere"
                    : $"capabilities lists \"{capability}\", but the {name} probe was refused ({probe.Detail})");
            }
            else if (!listed && probe.Status == ProbeStatus.Supported)
            {
                warnings.Add($"the {name} probe succeeded, but capabilities does not list \"{capability}\": routing sends no {capability} requests here");
            }
        }
        return warnings;
    }

    private static Streams.Classification.RequestNeeds? CapabilityOf(ProbeKind probe) => probe switch
    {
        ProbeKind.Text => Streams.Classification.RequestNeeds.Text,
        ProbeKind.Vision => Streams.Classification.RequestNeeds.Vision,
        ProbeKind.Tools => Streams.Classification.RequestNeeds.FunctionCalling,
        _ => null,
    };
}
