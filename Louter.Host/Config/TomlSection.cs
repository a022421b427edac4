using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Louter.Host.Config;

/// <summary>
/// One TOML table under binding, with the place of each key. Every getter records its key as
/// known, so after a binder has asked for every key of its schema, <see cref="ReportUnknownKeys"/>
/// flags the rest — Tomlyn's typed serializer would drop them silently, turning a typo into a default.
/// </summary>
internal sealed partial class TomlSection
{
    private readonly TomlTable _table;
    private readonly ITomlMetadataStore _store;
    private readonly TomlPropertiesMetadata? _metadata;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public TomlSection(TomlTable table, string path, SourcePosition position, ConfigErrorSink sink, ITomlMetadataStore store)
    {
        _table = table;
        _store = store;
        _store.TryGetProperties(table, out _metadata);
        Path = path;
        Position = position;
        Sink = sink;
    }

    /// <summary>Dotted path of this table, empty for the document root.</summary>
    public string Path { get; }

    /// <summary>Where the table is declared: its [header], inline table or first dotted key.</summary>
    public SourcePosition Position { get; }

    public ConfigErrorSink Sink { get; }

    /// <summary>
    /// True for tables whose keys are names the user picks (model names, routes) rather than a schema.
    /// Type errors there then explain TOML's dotted-key trap: a bare <c>gpt-4.1 = 20</c> is the table <c>gpt-4</c>.
    /// </summary>
    public bool KeysAreNames { get; set; }

    /// <summary>Keys in file order.</summary>
    public IEnumerable<string> Keys => _table.Keys;

    /// <summary>Whether the key is present. Does not mark it as known.</summary>
    public bool Contains(string key) => _table.ContainsKey(key);

    /// <summary>True when the key is present with a string value (for keys that take a string or a number).</summary>
    public bool IsString(string key) => _table.TryGetValue(key, out var value) && value is string;

    /// <summary>Whether the key holds a table. Does not mark it as known.</summary>
    public bool HoldsTable(string key) => _table.TryGetValue(key, out var value) && value is TomlTable;

    public string PathOf(string key) => KeyPath.Join(Path, key);

    public SourcePosition PositionOf(string key)
    {
        if (_metadata is not null && _metadata.TryGetProperty(key, out var property) && property is not null)
        {
            // Tomlyn counts from zero; editors and compilers count from one.
            return new SourcePosition(property.Span.Start.Line + 1, property.Span.Start.Column + 1);
        }

        return Position;
    }

    /// <summary>An error about a key that is present, placed at that key.</summary>
    public void Error(string key, string message) => Sink.Add(PositionOf(key), PathOf(key), message);

    /// <summary>
    /// An error about a required key that is absent, placed at this table's declaration — unless an
    /// unknown key looks like a misspelling of it: that one's "did you mean" already says what is wrong.
    /// </summary>
    public void Missing(string key, string message)
    {
        if (!_table.Keys.Any(k => !_known.Contains(k) && DidYouMean.Closest(k, [key]) is not null))
        {
            Sink.Add(Position, PathOf(key), message);
        }
    }

    /// <summary>Reports every key no getter asked for, suggesting the closest known key.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var key in _table.Keys.Where(k => !_known.Contains(k)))
        {
            var what = _table[key] is TomlTable ? "section" : "key";
            var where = Path.Length == 0 ? "" : $" in [{Path}]";
            Error(key, $"unknown {what}{where}{DidYouMean.Hint(key, _known)}");
        }
    }

    private bool TryGetRaw(string key, out object value)
    {
        _known.Add(key);
        return _table.TryGetValue(key, out value!);
    }

    private TomlSection Child(TomlTable table, string key) =>
        new(table, PathOf(key), PositionOf(key), Sink, _store);
}
