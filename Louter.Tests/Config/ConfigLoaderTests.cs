using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Parse_SeveralMistakes_ReportsEveryOneInFileOrder()
    {
        var result = ConfigTestSupport.Parse("""
            [server]
            listen = "localhost"
            colour = "blue"

            [backends.a]
            timeout = 30
            protocol = "openai"
            capabilities = ["telepathy"]

            [backends.b]
            url = "http://localhost:8000"
            priority = "high"
            chunk_delay = "5ms"
            api_key = "${LOUTER_TEST_UNSET}"

            [caches]
            enabled = true
            """);

        Assert.False(result.Ok);
        Assert.Equal(
            [
                (2, "server.listen"),
                (3, "server.colour"),
                (5, "backends.a.url"),
                (6, "backends.a.timeout"),
                (8, "backends.a.capabilities"),
                (12, "backends.b.priority"),
                (13, "backends.b.chunk_delay"),
                (14, "backends.b.api_key"),
                (16, "caches"),
            ],
            result.Errors.Select(e => (e.Line, e.Key)));
    }

    [Fact]
    public void Parse_SyntaxErrorsOnSeveralLines_ReportsEachLine()
    {
        var result = ConfigTestSupport.Parse("""
            [server]
            listen = 
            data_dir = "./data"
            max_request_body = "64MiB
            """);

        Assert.Equal([2, 4], result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.Equal("", e.Key));
    }

    [Fact]
    public void ConfigError_ToString_ReadsFileLineColumnKeyMessage()
    {
        var result = ConfigTestSupport.Parse("""
            [backends.a]
            url = "http://localhost:8000"
              tiemout = "30s"
            """);

        Assert.Equal(
            "test.toml:3:3: backends.a.tiemout: unknown key in [backends.a]; did you mean \"timeout\"?",
            Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Parse_EmptyText_GivesDefaultsAndNoBackends()
    {
        var config = ConfigTestSupport.ParseValid("");

        Assert.Equal(new ServerConfig(), config.Server);
        Assert.Empty(config.Backends);
        Assert.Empty(config.InactiveSections);
        Assert.Null(config.Cache);
        Assert.Equal("test.toml", config.SourcePath);
    }

    [Fact]
    public void Load_MissingFile_ReportsOneErrorNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "louter-no-such-dir", "louter.toml");

        var result = ConfigLoader.Load(path, ConfigTestSupport.NoEnv);

        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(0, error.Line);
        Assert.Equal($"{path}: config file not found", error.ToString());
    }

    [Fact]
    public void Load_Directory_ReportsOneError()
    {
        var result = ConfigLoader.Load(Path.GetTempPath(), ConfigTestSupport.NoEnv);

        Assert.Contains("is a directory", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_File_RecordsItsPathAndNamesItInErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"louter-config-test-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, "[server]\nlisten = \"127.0.0.1:9999\"\nbogus = 1\n");
        try
        {
            var result = ConfigLoader.Load(path, ConfigTestSupport.NoEnv);

            Assert.Equal($"{path}:3:1: server.bogus: unknown key in [server]", Assert.Single(result.Errors).ToString());
            File.WriteAllText(path, "[server]\nlisten = \"127.0.0.1:9999\"\n");
            var ok = ConfigLoader.Load(path, ConfigTestSupport.NoEnv);
            Assert.True(ok.Ok);
            Assert.Equal(path, ok.Config.SourcePath);
            Assert.Equal("127.0.0.1:9999", ok.Config.Server.Listen);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_EnvReferences_AreExpandedInSecrets()
    {
        var env = ConfigTestSupport.Env(new Dictionary<string, string> { ["KEY"] = "k-123", ["PW"] = "p@ss", ["TOKEN"] = "t-456" });

        var config = ConfigTestSupport.ParseValid("""
            [backends.a]
            url = "http://localhost:8000"
            api_key = "${KEY}"

            [backends.b]
            url = "http://localhost:8001"
            api_key = "prefix-${KEY}-$${NOT_A_VAR}-$5"

            [auth]
            admin_token = "${TOKEN}"

            [persistence]
            provider = "postgresql"
            connection_string = "Host=db;Password=${PW}"
            """, env);

        Assert.Equal("k-123", config.Backends[0].ApiKey);
        Assert.Equal("prefix-k-123-${NOT_A_VAR}-$5", config.Backends[1].ApiKey);
        Assert.Equal("t-456", config.Auth.AdminToken);
        Assert.Equal(PersistenceProvider.PostgreSql, config.Persistence.Provider);
        Assert.Equal("Host=db;Password=p@ss", config.Persistence.ConnectionString);
    }

    [Fact]
    public void Parse_UnsetEnvNextToASetOne_NamesOnlyTheVariableAndLeaksNoValue()
    {
        var env = ConfigTestSupport.Env(new Dictionary<string, string> { ["SET_ONE"] = "super-secret-value", ["EMPTY_ONE"] = "" });

        var result = ConfigTestSupport.Parse("""
            [backends.a]
            url = "http://localhost:8000"
            api_key = "${SET_ONE}:${MISSING_ONE}:${EMPTY_ONE}"
            """, env);

        Assert.Equal(
            ["environment variable MISSING_ONE is not set", "environment variable EMPTY_ONE is not set"],
            result.Errors.Select(e => e.Message));
        Assert.DoesNotContain(result.Errors, e => e.ToString().Contains("super-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ModelMapping_AcceptsSubtableAndInlineForms()
    {
        var subtable = ConfigTestSupport.ParseValid("""
            [backends.a]
            url = "http://localhost:8000"

            [backends.a.model_mapping]
            "gpt-4o-mini" = "gpt-oss-20b"
            "gpt-4.1" = "qwen3"
            """);
        var inline = ConfigTestSupport.ParseValid("""
            [backends.a]
            url = "http://localhost:8000"
            model_mapping = { "gpt-4o-mini" = "gpt-oss-20b", "gpt-4.1" = "qwen3" }
            """);

        var expected = new Dictionary<string, string> { ["gpt-4o-mini"] = "gpt-oss-20b", ["gpt-4.1"] = "qwen3" };
        Assert.Equal(expected, subtable.Backends[0].ModelMapping);
        Assert.Equal(expected, inline.Backends[0].ModelMapping);
    }

    [Fact]
    public void Parse_Backend_BindsEveryKeyAndKeepsFileOrder()
    {
        var config = ConfigTestSupport.ParseValid("""
            [backends.zeta]
            url = "https://api.example.com/v1"
            protocol = "openai-responses"
            capabilities = ["text", "reasoning", "structured_output"]
            tool_format = "xml"
            priority = 3
            weight = 2
            max_tokens_field = "max_completion_tokens"
            timeout = "1m30s"
            idle_timeout = "2h15m"

            [backends.alpha]
            protocol = "mock"
            models = ["m1", "m2"]
            chunk_delay = "1.5s"
            """);

        Assert.Equal(["zeta", "alpha"], config.Backends.Select(b => b.Name));
        var zeta = config.Backends[0];
        Assert.Equal(BackendProtocolKind.OpenAIResponses, zeta.Protocol);
        Assert.Equal(["text", "reasoning", "structured_output"], zeta.Capabilities);
        Assert.Equal(ToolFormat.Xml, zeta.ToolFormat);
        Assert.Equal(3, zeta.Priority);
        Assert.Equal(2.0, zeta.Weight);
        Assert.Equal(MaxTokensField.MaxCompletionTokens, zeta.MaxTokensField);
        Assert.Equal(TimeSpan.FromSeconds(90), zeta.Timeout);
        Assert.Equal(new TimeSpan(2, 15, 0), zeta.IdleTimeout);
        var alpha = config.Backends[1];
        Assert.Null(alpha.Url);
        Assert.Equal(["m1", "m2"], alpha.Models);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), alpha.ChunkDelay);
    }

    [Fact]
    public void Parse_LoggingLevelLongNames_AreStoredAsShortNames()
    {
        Assert.Equal("info", ConfigTestSupport.ParseValid("[logging]\nlevel = \"information\"").Logging.Level);
        Assert.Equal("warn", ConfigTestSupport.ParseValid("[logging]\nlevel = \"warning\"").Logging.Level);
        Assert.Equal("trace", ConfigTestSupport.ParseValid("[logging]\nlevel = \"trace\"").Logging.Level);
    }

    [Theory]
    [InlineData("\"64MiB\"", 64L * 1024 * 1024)]
    [InlineData("\"10MB\"", 10_000_000L)]
    [InlineData("\"512KiB\"", 512L * 1024)]
    [InlineData("1048576", 1_048_576L)]
    public void Parse_MaxRequestBody_AcceptsSizeStringsAndByteCounts(string value, long bytes)
    {
        Assert.Equal(bytes, ConfigTestSupport.ParseValid($"[server]\nmax_request_body = {value}").Server.MaxRequestBodyBytes);
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("[server]\nlisten = \"127.0.0.1:1\"\n[auth]\nadmin_token = \"x\"\n[logging]\nlevel = \"debug\"", new string[0])]
    [InlineData("[auth]\nenabled = true", new[] { "[auth] enabled" })]
    [InlineData("[auth]\nenabled = false", new string[0])]
    [InlineData("[logging]\nrequest_log = \"r.jsonl\"\nsample_rate = 0.5", new string[0])]
    [InlineData("[persistence]\nprovider = \"postgresql\"\nconnection_string = \"Host=db\"", new string[0])]
    [InlineData("[tracing]\nsample_ratio = 0.1\n[routing]\nstrategy = \"model\"\n[cluster]\nenabled = true", new[] { "[cluster]" })]
    [InlineData("[rate_limit.overrides]\n\"gpt-4\" = 5\n[cache]\nenabled = false", new[] { "[rate_limit]", "[cache]" })]
    public void Parse_SectionsNotBuiltYet_AreListedAsInactiveInFileOrder(string toml, string[] inactive)
    {
        Assert.Equal(inactive, ConfigTestSupport.ParseValid(toml).InactiveSections);
    }

    [Fact]
    public void ApplyOverrides_ValidFlags_ReplaceTheFileValues()
    {
        var config = ConfigTestSupport.ParseValid("[server]\nlisten = \"127.0.0.1:8080\"\ndata_dir = \"./a\"");

        var result = ConfigLoader.ApplyOverrides(config, "0.0.0.0:9000", "/var/lib/louter");

        Assert.True(result.Ok);
        Assert.Equal("0.0.0.0:9000", result.Config.Server.Listen);
        Assert.Equal("/var/lib/louter", result.Config.Server.DataDir);
        Assert.Equal(config.Server.MaxRequestBodyBytes, result.Config.Server.MaxRequestBodyBytes);
    }

    [Fact]
    public void ApplyOverrides_NullFlags_KeepTheFileValues()
    {
        var config = ConfigTestSupport.ParseValid("[server]\nlisten = \"127.0.0.1:8081\"");

        var result = ConfigLoader.ApplyOverrides(config, null, null);

        Assert.True(result.Ok);
        Assert.Equal(config, result.Config);
    }

    [Fact]
    public void ApplyOverrides_BadFlags_ReportEachFlag()
    {
        var result = ConfigLoader.ApplyOverrides(new LouterConfig(), "8080", " ");

        Assert.Null(result.Config);
        Assert.Equal(
            ["command line: --listen: \"8080\" has no port; write HOST:PORT, e.g. \"127.0.0.1:8080\" or \"0.0.0.0:8080\"", "command line: --data-dir: must not be empty"],
            result.Errors.Select(e => e.ToString()));
    }
}
