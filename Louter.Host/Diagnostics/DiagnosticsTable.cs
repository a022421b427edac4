using System.Text;

namespace Louter.Host.Diagnostics;

/// <summary>
/// The report as <c>louter diagnose</c> prints it: one row per backend, one column per probe
/// (✓ supported, ✗ unsupported, ! failed, with the latency), then why each ✗ and ! happened,
/// then the capability warnings.
/// </summary>
internal static class DiagnosticsTable
{
    private static readonly ProbeKind[] Columns = [ProbeKind.Text, ProbeKind.Vision, ProbeKind.Tools, ProbeKind.Streaming];

    public static string Render(DiagnosticsReport report)
    {
        string[] header = ["backend", "protocol", "model", .. Columns.Select(c => c.ToString().ToLowerInvariant())];
        var rows = report.Backends.Select(b => (string[])[b.Name, b.Protocol, b.Model ?? "-", .. Columns.Select(c => Cell(b.Probes.FirstOrDefault(p => p.Probe == c)))]).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();

        var text = new StringBuilder();
        Row(text, header, widths);
        foreach (var row in rows) Row(text, row, widths);

        var notes = report.Backends
            .SelectMany(b => b.Probes.Where(p => p.Status != ProbeStatus.Supported || p.Detail is not null)
                .Select(p => $"  {b.Name} {p.Probe.ToString().ToLowerInvariant()}: {Symbol(p.Status)} {p.Detail}"))
            .ToList();
        if (notes.Count > 0)
        {
            text.AppendLine().AppendLine("Details:");
            foreach (var note in notes) text.AppendLine(note);
        }

        var warnings = report.Warnings.ToList();
        if (warnings.Count > 0)
        {
            text.AppendLine().AppendLine("Warnings:");
            foreach (var warning in warnings) text.AppendLine($"  warning: {warning}");
        }

        var down = report.Backends.Where(b => !b.AnsweredText).Select(b => b.Name).ToList();
        text.AppendLine().AppendLine(down.Count == 0
            ? $"{report.Backends.Count} backend(s) answered text. ✓ supported  ✗ unsupported  ! failed"
            : $"{down.Count} of {report.Backends.Count} backend(s) did not answer text: {string.Join(", ", down)}. ✓ supported  ✗ unsupported  ! failed");
        return text.ToString();
    }

    private static string Cell(ProbeResult? probe) =>
        probe is null ? "-" : probe.LatencyMs == 0 && probe.HttpStatus is null ? Symbol(probe.Status) : $"{Symbol(probe.Status)} {probe.LatencyMs}ms";

    private static string Symbol(ProbeStatus status) => status switch
    {
        ProbeStatus.Supported => "✓",
        ProbeStatus.Unsupported => "✗",
        _ => "!",
    };

    private static void Row(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }
        text.AppendLine();
    }
}
