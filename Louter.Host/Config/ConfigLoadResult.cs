using System.Diagnostics.CodeAnalysis;

namespace Louter.Host.Config;

/// <summary>
/// The outcome of loading configuration: a config with no errors, or every error found and no config.
/// A config that failed validation is never handed out, so nothing can start on half-checked settings.
/// </summary>
public sealed class ConfigLoadResult
{
    private ConfigLoadResult(LouterConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Config = config;
        Errors = errors;
    }

    /// <summary>The validated config; null when <see cref="Errors"/> is not empty.</summary>
    public LouterConfig? Config { get; }

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool Ok => Config is not null && Errors.Count == 0;

    public static ConfigLoadResult Success(LouterConfig config) => new(config, []);

    public static ConfigLoadResult Failure(IReadOnlyList<ConfigError> errors) =>
        errors.Count == 0
            ? throw new ArgumentException("A failed load must carry at least one error.", nameof(errors))
            : new ConfigLoadResult(null, errors);
}
