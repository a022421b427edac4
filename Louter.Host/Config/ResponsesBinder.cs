namespace Louter.Host.Config;

/// <summary>Binds [responses]: store, retention.</summary>
internal static class ResponsesBinder
{
    public static ResponsesConfig Bind(TomlSection section)
    {
        var defaults = new ResponsesConfig();
        var config = new ResponsesConfig
        {
            Store = section.GetBool("store") ?? defaults.Store,
            Retention = section.GetDuration("retention", allowZero: false) ?? defaults.Retention,
        };
        section.ReportUnknownKeys();
        return config;
    }
}
