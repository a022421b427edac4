namespace Louter.Host.Config;

/// <summary>Collects errors while binding, so one pass reports all of them instead of stopping at the first.</summary>
internal sealed class ConfigErrorSink(string file)
{
    private readonly List<ConfigError> _errors = [];

    public string File { get; } = file;

    public int Count => _errors.Count;

    public void Add(SourcePosition position, string key, string message) =>
        _errors.Add(new ConfigError(File, position.Line, position.Column, key, message));

    /// <summary>The errors sorted by place in the file, so they read top to bottom like the file does.</summary>
    public IReadOnlyList<ConfigError> ToList() =>
        [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
