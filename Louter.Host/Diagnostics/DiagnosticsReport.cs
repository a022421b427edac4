using System.Text.Json.Serialization;

namespace Louter.Host.Diagnostics;

/// <summary>The result of one diagnostics run: every probed backend, in config order.</summary>
public sealed record DiagnosticsReport(IReadOnlyList<BackendDiagnosis> Backends)
{
    /// <summary>True when every probed backend answered the text probe (<c>louter diagnose</c> exits 0).</summary>
    public bool Ok => Backends.All(b => b.AnsweredText);

    /// <summary>Every backend's warnings, each prefixed with the backend's name.</summary>
    [JsonIgnore]
    public IEnumerable<string> Warnings => Backends.SelectMany(b => b.Warnings.Select(w => $"{b.Name}: {w}"));
}
