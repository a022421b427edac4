using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// A value of the wrong type inside an array a converter reads element by element. System.Text.Json
/// knows the path only down to the array (its converters do not report indexes), so the converter
/// carries the rest: <see cref="RelativePath"/> is appended to the exception's <see cref="JsonException.Path"/>.
/// </summary>
public sealed class WireFieldException : JsonException
{
    public WireFieldException(string relativePath, string expected, Exception? inner = null)
        : base(null, inner)
    {
        RelativePath = relativePath;
        Expected = expected;
    }

    /// <summary>The path below <see cref="JsonException.Path"/>, e.g. "[1].text".</summary>
    public string RelativePath { get; }

    /// <summary>What the value should have been, in words: "a valid string".</summary>
    public string Expected { get; }

    /// <summary>Type errors are wrapped with their position; errors of the JSON text itself pass through unchanged.</summary>
    internal static bool IsFieldError(JsonException ex) =>
        ex is WireFieldException || (ex.GetType() == typeof(JsonException) && ex.InnerException is not JsonException);

    internal static WireFieldException Wrap(JsonException ex, string prefix)
    {
        var inner = ex as WireFieldException;
        var below = RelativeOf(ex.Path) + (inner?.RelativePath ?? "");
        return new WireFieldException(prefix + below, inner?.Expected ?? ExpectedFromMessage(ex.Message), ex);
    }

    /// <summary>"$.content[0]" → ".content[0]"; "$" or null → "".</summary>
    internal static string RelativeOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "" : path.StartsWith('$') ? path[1..] : "." + path;

    /// <summary>System.Text.Json names the CLR target type in its message; say it in JSON terms, as Anthropic's API does.</summary>
    internal static string ExpectedFromMessage(string message)
    {
        if (message.Contains("System.String", StringComparison.Ordinal)) return "a valid string";
        if (message.Contains("System.Boolean", StringComparison.Ordinal)) return "a valid boolean";
        if (message.Contains("System.Int", StringComparison.Ordinal)) return "a valid integer";
        if (message.Contains("System.Double", StringComparison.Ordinal)) return "a valid number";
        if (message.Contains("MessageContent", StringComparison.Ordinal)) return "a valid string or a list of content blocks";
        if (message.Contains("System.Collections.Generic.List", StringComparison.Ordinal)) return "a valid list";
        return "a valid dictionary";
    }
}
