namespace Louter.Host.Config;

/// <summary>Builds the dotted key paths that errors name, e.g. <c>backends.text-model.timeout</c>.</summary>
internal static class KeyPath
{
    public static string Join(string parent, string key)
    {
        var segment = IsBare(key) ? key : Quote(key);
        return parent.Length == 0 ? segment : parent + "." + segment;
    }

    // A key that TOML could not write bare (it holds a dot, slash, space...) is quoted, so
    // rate_limit.overrides."/v1/chat/completions" stays readable and unambiguous.
    private static bool IsBare(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Quote(string key) =>
        "\"" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
