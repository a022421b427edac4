namespace Louter.Host.Config;

/// <summary>Binds [cluster]: enabled, hostname, port, seed_nodes, roles.</summary>
internal static class ClusterBinder
{
    public static ClusterConfig Bind(TomlSection section)
    {
        var defaults = new ClusterConfig();
        var config = new ClusterConfig
        {
            Enabled = section.GetBool("enabled") ?? defaults.Enabled,
            Hostname = section.GetNonEmptyString("hostname") ?? defaults.Hostname,
            Port = (int)(section.GetInteger("port", 0, 65535) ?? defaults.Port),
            SeedNodes = NonEmptyItems(section, "seed_nodes") ?? defaults.SeedNodes,
            Roles = NonEmptyItems(section, "roles") ?? defaults.Roles,
        };
        section.ReportUnknownKeys();
        return config;
    }

    private static IReadOnlyList<string>? NonEmptyItems(TomlSection section, string key)
    {
        var items = section.GetStringArray(key);
        if (items is not null && items.Any(string.IsNullOrWhiteSpace))
        {
            section.Error(key, "must not contain empty strings");
            return null;
        }

        return items;
    }
}
