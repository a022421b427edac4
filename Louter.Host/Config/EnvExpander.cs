using System.Text;

namespace Louter.Host.Config;

/// <summary>
/// Expands <c>${NAME}</c> references in secret-bearing settings, so keys live in the environment
/// instead of the file. <c>$${</c> writes a literal <c>${</c>.
/// </summary>
internal static class EnvExpander
{
    /// <summary>
    /// The expanded text, or null with one problem per entry in <paramref name="problems"/>.
    /// Problems name the variable only: the value, and the text around it, may be secret.
    /// A variable set to the empty string counts as unset: an empty key or token is never what was meant.
    /// </summary>
    public static string? Expand(string text, Func<string, string?> env, out List<string> problems)
    {
        problems = [];
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$')
            {
                result.Append(text[i++]);
                continue;
            }

            if (i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (i + 1 >= text.Length || text[i + 1] != '{')
            {
                result.Append(text[i++]);
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            if (close < 0)
            {
                problems.Add("\"${\" is not closed by \"}\" (write \"$${\" for a literal \"${\")");
                break;
            }

            var name = text[(i + 2)..close];
            if (!IsVariableName(name))
            {
                problems.Add("\"${...}\" must hold an environment variable name (letters, digits, underscores)");
            }
            else if (env(name) is { Length: > 0 } value)
            {
                result.Append(value);
            }
            else
            {
                problems.Add($"environment variable {name} is not set");
            }

            i = close + 1;
        }

        return problems.Count == 0 ? result.ToString() : null;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0
        && !char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
