using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace Louter.Host.Config;

/// <summary>
/// Turns TOML text into a <see cref="TomlSection"/> over Tomlyn's untyped model, with the
/// place of every key, or reports every syntax error.
/// </summary>
internal static class TomlDocumentReader
{
    /// <summary>The root table, or null when the text is not valid TOML (the errors are in <paramref name="sink"/>).</summary>
    public static TomlSection? Read(string text, ConfigErrorSink sink)
    {
        // Pass 1: the syntax parser recovers after an error and lists them all (and, with validate,
        // duplicate keys and redefined tables); the deserializer below stops at the first one.
        var syntax = SyntaxParser.Parse(text, sink.File, validate: true);
        var lastLine = -1;
        foreach (var diagnostic in syntax.Diagnostics.Where(d => d.Kind == DiagnosticMessageKind.Error))
        {
            // One bad token makes the parser trip several times on the same line; the first says it best.
            var line = diagnostic.Span.Start.Line + 1;
            if (line != lastLine)
            {
                sink.Add(new SourcePosition(line, diagnostic.Span.Start.Column + 1), "", "invalid TOML: " + diagnostic.Message);
                lastLine = line;
            }
        }

        if (sink.Count > 0)
        {
            return null;
        }

        // Pass 2: the untyped model, with a metadata store that records each key's span.
        var store = new TomlMetadataStore();
        var options = new TomlSerializerOptions { MetadataStore = store, SourceName = sink.File };
        try
        {
            var root = TomlSerializer.Deserialize<TomlTable>(text, options) ?? [];
            return new TomlSection(root, "", new SourcePosition(1, 1), sink, store);
        }
        catch (TomlException ex)
        {
            // Not expected after pass 1 found nothing, but a parser disagreement must still end as an error line.
            sink.Add(new SourcePosition(Math.Max(ex.Line ?? 0, 0), Math.Max(ex.Column ?? 0, 0)), "", "invalid TOML: " + ex.Message);
            return null;
        }
    }
}
