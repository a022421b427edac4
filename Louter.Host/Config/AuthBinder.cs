namespace Louter.Host.Config;

/// <summary>Binds [auth]: enabled (client API keys, not built yet), admin_token (with ${ENV} expansion).</summary>
internal static class AuthBinder
{
    public static AuthConfig Bind(TomlSection section, Func<string, string?> env)
    {
        var config = new AuthConfig
        {
            Enabled = section.GetBool("enabled") ?? false,
            AdminToken = section.GetSecret("admin_token", env),
        };
        section.ReportUnknownKeys();
        return config;
    }
}
