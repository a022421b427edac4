namespace Louter.Host.Config;

/// <summary>
/// One problem found while loading configuration. <paramref name="Line"/> and
/// <paramref name="Column"/> are 1-based; both are 0 when the problem has no place in a file
/// (an unreadable file, a command-line flag). <paramref name="Key"/> is the dotted path of the
/// offending key (<c>backends.text-model.timeout</c>), or empty for a TOML syntax error.
/// </summary>
public sealed record ConfigError(string File, int Line, int Column, string Key, string Message)
{
    /// <summary>
    /// <c>file:line:col: key: message</c> — the shape compilers use, so editors and terminals
    /// turn it into a link to the line. Parts that are unknown are left out.
    /// </summary>
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Key.Length > 0 ? $"{location}: {Key}: {Message}" : $"{location}: {Message}";
    }
}
