namespace Louter.Host.Config;

/// <summary>Binds [persistence]: provider, connection_string (with ${ENV} expansion).</summary>
internal static class PersistenceBinder
{
    public static PersistenceConfig Bind(TomlSection section, Func<string, string?> env)
    {
        var providerValid = section.TryGetChoice("provider", ConfigNames.PersistenceProviders, out var provider);
        var hasConnection = section.Contains("connection_string");
        var connection = section.GetSecret("connection_string", env);
        if (providerValid && provider == PersistenceProvider.PostgreSql && !hasConnection)
        {
            // SQLite has a sensible default file in data_dir; PostgreSQL has no default server to guess.
            section.Missing("connection_string", "is required when provider = \"postgresql\", e.g. \"Host=db;Database=louter;Username=louter;Password=${PGPASSWORD}\"");
        }

        section.ReportUnknownKeys();
        return new PersistenceConfig
        {
            Provider = providerValid ? provider : PersistenceProvider.Sqlite,
            ConnectionString = connection,
        };
    }
}
