namespace Louter.Host.Config;

/// <summary>
/// Loads and validates the TOML configuration (DESIGN §7). Every problem in the file is reported
/// at once, each with file, line, column and dotted key; a config is returned only when there are none.
/// </summary>
/// <remarks>
/// Flow: <see cref="TomlDocumentReader"/> checks the syntax and builds Tomlyn's untyped model with
/// key spans; <see cref="RootBinder"/> and one binder per section map it onto <see cref="LouterConfig"/>,
/// rejecting unknown keys, wrong types and bad values, and expanding ${ENV} in secrets through <c>env</c>.
/// </remarks>
public static class ConfigLoader
{
    /// <summary>Name used as the "file" of errors in command-line flags.</summary>
    public const string CommandLineSource = "command line";

    /// <summary>Reads and validates the file at <paramref name="path"/>. A missing or unreadable file is one error.</summary>
    public static ConfigLoadResult Load(string path, Func<string, string?> env)
    {
        if (Directory.Exists(path))
        {
            return ConfigLoadResult.Failure([new ConfigError(path, 0, 0, "", "is a directory; expected a TOML file")]);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "config file not found",
                UnauthorizedAccessException => "config file is not readable (permission denied)",
                _ => "cannot read config file: " + ex.Message,
            };
            return ConfigLoadResult.Failure([new ConfigError(path, 0, 0, "", reason)]);
        }

        return Parse(text, path, env);
    }

    /// <summary>
    /// Validates TOML text. <paramref name="sourceName"/> names it in errors and becomes
    /// <see cref="LouterConfig.SourcePath"/>.
    /// </summary>
    public static ConfigLoadResult Parse(string tomlText, string sourceName, Func<string, string?> env)
    {
        var sink = new ConfigErrorSink(sourceName);
        var root = TomlDocumentReader.Read(tomlText, sink);
        if (root is null)
        {
            return ConfigLoadResult.Failure(sink.ToList());
        }

        var config = RootBinder.Bind(root, env) with { SourcePath = sourceName };
        return sink.Count == 0 ? ConfigLoadResult.Success(config) : ConfigLoadResult.Failure(sink.ToList());
    }

    /// <summary>
    /// Applies the --listen and --data-dir flags over a loaded config (null = keep the file's value),
    /// validating them as the file's keys are. Errors name <see cref="CommandLineSource"/> and the flag.
    /// </summary>
    public static ConfigLoadResult ApplyOverrides(LouterConfig config, string? listen, string? dataDir)
    {
        var errors = new List<ConfigError>();
        if (listen is not null && ListenAddress.Validate(listen) is { } problem)
        {
            errors.Add(new ConfigError(CommandLineSource, 0, 0, "--listen", problem));
        }

        if (dataDir is not null && string.IsNullOrWhiteSpace(dataDir))
        {
            errors.Add(new ConfigError(CommandLineSource, 0, 0, "--data-dir", "must not be empty"));
        }

        if (errors.Count > 0)
        {
            return ConfigLoadResult.Failure(errors);
        }

        var server = config.Server with
        {
            Listen = listen ?? config.Server.Listen,
            DataDir = dataDir ?? config.Server.DataDir,
        };
        return ConfigLoadResult.Success(config with { Server = server });
    }
}
