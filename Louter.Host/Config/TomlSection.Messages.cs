using Tomlyn;
using Tomlyn.Model;

namespace Louter.Host.Config;

// How type and range errors are worded.
internal sealed partial class TomlSection
{
    private void WrongType(string key, string expected, object found)
    {
        var hint = KeysAreNames && found is TomlTable { Count: 1 } nested
            ? $"; a name containing a dot must be quoted, e.g. \"{key}.{nested.Keys.First()}\" = ..."
            : "";
        Error(key, $"expected {expected}, found {TypeName(found)}{hint}");
    }

    private static string RangeMessage(bool hasMin, bool hasMax, string min, string max) =>
        (hasMin, hasMax) switch
        {
            (true, true) => $"must be between {min} and {max}",
            (true, false) => $"must be at least {min}",
            _ => $"must be at most {max}",
        };

    internal static string TypeName(object? value) => value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        TomlDateTime => "a date-time",
        TomlArray => "an array",
        TomlTableArray => "an array of tables",
        TomlTable => "a table",
        _ => "a value of another type",
    };
}
