using Louter.Streams.Routing;

namespace Louter.Streams.Metrics;

/// <summary>
/// The bounded label values: a model name only when the config lists it, a status as its class.
/// A client can send any model name; as a label it would let clients grow the series without bound.
/// </summary>
public static class MetricLabels
{
    /// <summary>The backend label when no backend was reached.</summary>
    public const string None = "none";

    /// <summary>The model label for a name the config does not list (or a request without one).</summary>
    public const string Other = "other";

    /// <summary>The status_class of a request whose client went away before its answer ended.</summary>
    public const string Cancelled = "cancelled";

    /// <summary><paramref name="model"/> as the configured instance of the name when the config lists it, else "other".</summary>
    public static string Model(RoutingTable table, string? model) =>
        model is not null && table.ConfiguredModels.TryGetValue(model, out var configured) ? configured : Other;

    /// <summary>"2xx", "4xx", "5xx" (and "1xx", "3xx") from the status written; "cancelled" when the client left first.</summary>
    public static string StatusClass(int status, bool cancelled) => cancelled ? Cancelled : (status / 100) switch
    {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    };
}
