using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Louter.Streams.Pipeline;

/// <summary>
/// Reads what a same-protocol relay wants to know (usage, an error) from an upstream event it
/// otherwise passes on untouched. An event that does not parse is not the relay's to judge: it is
/// relayed as is, and the probe says nothing.
/// </summary>
public static class RelayProbe
{
    public static T? Read<T>(ReadOnlySpan<byte> data, JsonTypeInfo<T> contract) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(data, contract);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
