using Tomlyn.Model;

namespace Louter.Host.Config;

// Getters for arrays, sub-tables and values that need more than a type check (secrets, URLs).
// Same contract as the scalar getters: null means absent or already reported.
internal sealed partial class TomlSection
{
    /// <summary>An array of strings; a wrong element is reported at the array with its index.</summary>
    public IReadOnlyList<string>? GetStringArray(string key)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        if (raw is not TomlArray array)
        {
            WrongType(key, "an array of strings", raw);
            return null;
        }

        var result = new List<string>(array.Count);
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is string s)
            {
                result.Add(s);
            }
            else
            {
                Error(key, $"element {i + 1} must be a string, found {TypeName(array[i])}");
                ok = false;
            }
        }

        return ok ? result : null;
    }

    /// <summary>An array of integers within [min, max]; a wrong element is reported at the array with its index.</summary>
    public IReadOnlyList<long>? GetIntegerArray(string key, long min, long max)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        if (raw is not TomlArray array)
        {
            WrongType(key, "an array of integers", raw);
            return null;
        }

        var result = new List<long>(array.Count);
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is long n && n >= min && n <= max)
            {
                result.Add(n);
            }
            else
            {
                Error(key, array[i] is long
                    ? $"element {i + 1} must be between {min} and {max}, found {array[i]}"
                    : $"element {i + 1} must be an integer, found {TypeName(array[i])}");
                ok = false;
            }
        }

        return ok ? result : null;
    }

    /// <summary>A sub-table, written either as [a.b] or inline as b = { ... }.</summary>
    public TomlSection? GetTable(string key)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        if (raw is TomlTable table)
        {
            return Child(table, key);
        }

        WrongType(key, "a table", raw);
        return null;
    }

    /// <summary>A string with ${ENV} references expanded. Never echoes the value: it is a secret.</summary>
    public string? GetSecret(string key, Func<string, string?> env)
    {
        var s = GetString(key);
        if (s is null)
        {
            return null;
        }

        var expanded = EnvExpander.Expand(s, env, out var problems);
        foreach (var problem in problems)
        {
            Error(key, problem);
        }

        if (expanded is not null && string.IsNullOrWhiteSpace(expanded))
        {
            Error(key, "must not be empty (leave the key out instead)");
            return null;
        }

        return expanded;
    }

    /// <summary>An absolute http:// or https:// URL. The value is not echoed: URLs can carry credentials.</summary>
    public string? GetHttpUrl(string key, Func<string, string?>? env = null)
    {
        var s = env is null ? GetString(key) : GetSecret(key, env);
        if (s is null)
        {
            return null;
        }

        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Error(key, "must be an absolute http:// or https:// URL, e.g. \"http://localhost:8000/v1\"");
            return null;
        }

        return s;
    }
}
