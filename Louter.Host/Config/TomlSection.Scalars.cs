namespace Louter.Host.Config;

// Scalar getters. Each returns null (or false) when the key is absent or its value is wrong;
// in the second case it has already reported an error, so binders only pick defaults.
internal sealed partial class TomlSection
{
    public string? GetString(string key)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        if (raw is string s)
        {
            return s;
        }

        WrongType(key, "a string", raw);
        return null;
    }

    /// <summary>A string that must not be empty or blank.</summary>
    public string? GetNonEmptyString(string key)
    {
        var s = GetString(key);
        if (s is not null && string.IsNullOrWhiteSpace(s))
        {
            Error(key, "must not be empty");
            return null;
        }

        return s;
    }

    public bool? GetBool(string key)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        if (raw is bool b)
        {
            return b;
        }

        WrongType(key, "a boolean (true or false)", raw);
        return null;
    }

    public long? GetInteger(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        if (raw is not long n)
        {
            WrongType(key, "an integer", raw);
            return null;
        }

        if (n < min || n > max)
        {
            Error(key, RangeMessage(min > long.MinValue, max < long.MaxValue, $"{min}", $"{max}"));
            return null;
        }

        return n;
    }

    /// <summary>A float; an integer is accepted too, since "weight = 2" plainly means 2.0.</summary>
    public double? GetNumber(string key, double min = double.MinValue, double max = double.MaxValue, bool exclusiveMin = false)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        double value;
        switch (raw)
        {
            case double d:
                value = d;
                break;
            case long l:
                value = l;
                break;
            default:
                WrongType(key, "a number", raw);
                return null;
        }

        if (double.IsNaN(value) || value < min || value > max || (exclusiveMin && value <= min))
        {
            Error(key, exclusiveMin
                ? $"must be greater than {min}"
                : RangeMessage(min > double.MinValue, max < double.MaxValue, $"{min}", $"{max}"));
            return null;
        }

        return value;
    }

    public TimeSpan? GetDuration(string key, bool allowZero = true)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        if (raw is long or double)
        {
            Error(key, $"a duration is a string with a unit: write e.g. \"{raw}s\" (units: ms, s, m, h, d)");
            return null;
        }

        if (raw is not string s)
        {
            WrongType(key, "a duration string such as \"30s\"", raw);
            return null;
        }

        if (!DurationParser.TryParse(s, out var value, out var error))
        {
            Error(key, error);
            return null;
        }

        if (!allowZero && value == TimeSpan.Zero)
        {
            Error(key, "must be longer than zero");
            return null;
        }

        return value;
    }

    /// <summary>A size string ("64MiB") or an integer number of bytes; must be positive.</summary>
    public long? GetByteSize(string key)
    {
        if (!TryGetRaw(key, out var raw))
        {
            return null;
        }

        long bytes;
        if (raw is long n)
        {
            bytes = n;
        }
        else if (raw is string s)
        {
            if (!ByteSizeParser.TryParse(s, out bytes, out var error))
            {
                Error(key, error);
                return null;
            }
        }
        else
        {
            WrongType(key, "a size string such as \"64MiB\" or an integer number of bytes", raw);
            return null;
        }

        if (bytes <= 0)
        {
            Error(key, "must be larger than zero");
            return null;
        }

        return bytes;
    }

    /// <summary>A string from a fixed set; true only when present and valid.</summary>
    public bool TryGetChoice<T>(string key, ChoiceSet<T> choices, out T value)
    {
        value = default!;
        var s = GetString(key);
        if (s is null)
        {
            return false;
        }

        if (choices.TryGet(s, out value))
        {
            return true;
        }

        Error(key, choices.Unknown(s));
        return false;
    }
}
