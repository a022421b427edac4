using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

/// <summary>Shared helpers: a fake environment, the examples folder, and parsing shortcuts.</summary>
internal static class ConfigTestSupport
{
    public const string OpenAIKey = "sk-test-openai-0123456789";
    public const string AnthropicKey = "sk-ant-test-0123456789";
    public const string AdminToken = "admin-secret-token-42";
    public const string PgPassword = "pg-secret-pass";

    /// <summary>The variables the example files reference.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExampleEnvironment = new Dictionary<string, string>
    {
        ["OPENAI_API_KEY"] = OpenAIKey,
        ["ANTHROPIC_API_KEY"] = AnthropicKey,
        ["LOUTER_ADMIN_TOKEN"] = AdminToken,
        ["PGPASSWORD"] = PgPassword,
    };

    public static Func<string, string?> Env(IReadOnlyDictionary<string, string> vars) =>
        name => vars.TryGetValue(name, out var value) ? value : null;

    public static Func<string, string?> ExampleEnv => Env(ExampleEnvironment);

    public static Func<string, string?> NoEnv => _ => null;

    public static ConfigLoadResult Parse(string toml, Func<string, string?>? env = null) =>
        ConfigLoader.Parse(toml, "test.toml", env ?? ExampleEnv);

    /// <summary>Parses text that must be valid and returns its config, failing with the errors otherwise.</summary>
    public static LouterConfig ParseValid(string toml, Func<string, string?>? env = null)
    {
        var result = Parse(toml, env);
        Assert.True(result.Ok, string.Join(Environment.NewLine, result.Errors));
        return result.Config;
    }

    /// <summary>examples/ at the repository root, found by walking up from the test binaries to Louter.sln.</summary>
    public static string ExamplesDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Louter.sln")))
                {
                    return Path.Combine(dir.FullName, "examples");
                }
            }

            throw new InvalidOperationException("Louter.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
