using Xunit;

namespace Louter.Tests.Config;

/// <summary>Each bad file yields exactly one error, at the right line and key, saying what to do.</summary>
public sealed class ConfigValidationTests
{
    public static TheoryData<string, string, int, string, string> BadFiles() => new()
    {
        {
            "unknown top-level key",
            """
            listen_port = 8080
            """,
            1, "listen_port", "unknown key"
        },
        {
            "unknown backend key, with a suggestion",
            """
            [backends.a]
            url = "http://localhost:8000"
            tiemout = "30s"
            """,
            3, "backends.a.tiemout", "did you mean \"timeout\"?"
        },
        {
            "misspelled section",
            """
            [server]
            listen = "127.0.0.1:8080"

            [backend.a]
            url = "http://localhost:8000"
            """,
            4, "backend", "unknown section; did you mean \"backends\"?"
        },
        {
            "misspelled key in a known section",
            """
            [server]
            data-dir = "./data"
            """,
            2, "server.data-dir", "did you mean \"data_dir\"?"
        },
        {
            "wrong type: priority as a string",
            """
            [backends.a]
            url = "http://localhost:8000"
            priority = "high"
            """,
            3, "backends.a.priority", "expected an integer, found a string"
        },
        {
            "wrong type: boolean as a string",
            """
            [routing]
            prefer_text_model = "yes"
            """,
            2, "routing.prefer_text_model", "expected a boolean"
        },
        {
            "backend without url",
            """
            [server]
            listen = "127.0.0.1:8080"

            [backends.a]
            priority = 2
            """,
            4, "backends.a.url", "is required"
        },
        {
            "duration as a bare number string",
            """
            [backends.a]
            url = "http://localhost:8000"
            timeout = "30"
            """,
            3, "backends.a.timeout", "write e.g. \"30s\""
        },
        {
            "duration as an integer",
            """
            [backends.a]
            url = "http://localhost:8000"
            idle_timeout = 30
            """,
            3, "backends.a.idle_timeout", "write e.g. \"30s\""
        },
        {
            "duration with an unknown unit",
            """
            [backends.a]
            url = "http://localhost:8000"
            timeout = "30sec"
            """,
            3, "backends.a.timeout", "unknown unit \"sec\""
        },
        {
            "zero timeout",
            """
            [backends.a]
            url = "http://localhost:8000"
            timeout = "0s"
            """,
            3, "backends.a.timeout", "longer than zero"
        },
        {
            "unknown protocol",
            """
            [backends.a]
            url = "http://localhost:8000"
            protocol = "openia"
            """,
            3, "backends.a.protocol", "unknown value \"openia\"; expected one of: openai, openai-responses, anthropic, gemini, mock; did you mean \"openai\"?"
        },
        {
            "unknown capability",
            """
            [backends.a]
            url = "http://localhost:8000"
            capabilities = ["text", "vison"]
            """,
            3, "backends.a.capabilities", "unknown capability \"vison\""
        },
        {
            "unset environment variable",
            """
            [backends.a]
            url = "http://localhost:8000"
            api_key = "${LOUTER_TEST_UNSET_KEY}"
            """,
            3, "backends.a.api_key", "environment variable LOUTER_TEST_UNSET_KEY is not set"
        },
        {
            "unclosed environment reference",
            """
            [auth]
            admin_token = "${LOUTER_ADMIN_TOKEN"
            """,
            2, "auth.admin_token", "is not closed"
        },
        {
            "chunk_delay on a non-mock backend",
            """
            [backends.a]
            url = "http://localhost:8000"
            chunk_delay = "20ms"
            """,
            3, "backends.a.chunk_delay", "only applies to protocol = \"mock\""
        },
        {
            "models on a non-mock backend",
            """
            [backends.a]
            url = "http://localhost:8000"
            protocol = "anthropic"
            models = ["x"]
            """,
            4, "backends.a.models", "only applies to protocol = \"mock\""
        },
        {
            "url that is not http",
            """
            [backends.a]
            url = "localhost:8000"
            """,
            2, "backends.a.url", "absolute http:// or https:// URL"
        },
        {
            "backend name with a space",
            """
            [backends."my backend"]
            url = "http://localhost:8000"
            """,
            1, "backends.\"my backend\"", "letters, digits"
        },
        {
            "weight of zero",
            """
            [backends.a]
            url = "http://localhost:8000"
            weight = 0
            """,
            3, "backends.a.weight", "must be greater than 0"
        },
        {
            "unquoted model name with a dot",
            """
            [backends.a]
            url = "http://localhost:8000"

            [backends.a.model_mapping]
            gpt-4.1 = "local-model"
            """,
            5, "backends.a.model_mapping.gpt-4", "must be quoted, e.g. \"gpt-4.1\""
        },
        {
            "listen without port",
            """
            [server]
            listen = "127.0.0.1"
            """,
            2, "server.listen", "has no port"
        },
        {
            "listen with a port out of range",
            """
            [server]
            listen = "0.0.0.0:70000"
            """,
            2, "server.listen", "from 1 to 65535"
        },
        {
            "size without unit",
            """
            [server]
            max_request_body = "64"
            """,
            2, "server.max_request_body", "needs a unit"
        },
        {
            "size with unknown unit",
            """
            [server]
            max_request_body = "64 parsecs"
            """,
            2, "server.max_request_body", "unknown size unit \"parsecs\""
        },
        {
            "unknown routing strategy",
            """
            [routing]
            strategy = "random"
            """,
            2, "routing.strategy", "expected one of: content-based, model, priority"
        },
        {
            "upper-case enum value",
            """
            [logging]
            format = "JSON"
            """,
            2, "logging.format", "did you mean \"json\"?"
        },
        {
            "sample rate above one",
            """
            [logging]
            sample_rate = 1.5
            """,
            2, "logging.sample_rate", "must be between 0 and 1"
        },
        {
            "postgresql without a connection string",
            """
            [persistence]
            provider = "postgresql"
            """,
            1, "persistence.connection_string", "is required when provider = \"postgresql\""
        },
        {
            "unknown key in an inline price table",
            """
            [cost_tracking.pricing]
            "gpt-4" = { input = 0.00003, ouput = 0.00006 }
            """,
            2, "cost_tracking.pricing.gpt-4.ouput", "did you mean \"output\"?"
        },
        {
            "rate limit override that is not an integer",
            """
            [rate_limit.overrides]
            "/v1/chat/completions" = "lots"
            """,
            2, "rate_limit.overrides.\"/v1/chat/completions\"", "expected an integer"
        },
        {
            "cluster port out of range",
            """
            [cluster]
            port = -1
            """,
            2, "cluster.port", "must be between 0 and 65535"
        },
        {
            "a backend that is not a table",
            """
            [backends]
            a = "http://localhost:8000"
            """,
            2, "backends.a", "expected a table, found a string"
        },
        {
            "TOML syntax error",
            """
            [server]
            listen = "127.0.0.1:8080
            """,
            2, "", "invalid TOML"
        },
        {
            "TOML duplicate key",
            """
            [server]
            listen = "127.0.0.1:8080"
            listen = "127.0.0.1:9090"
            """,
            3, "", "invalid TOML"
        },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Parse_BadFile_ReportsOneErrorAtLineAndKey(string description, string toml, int line, string key, string message)
    {
        var result = ConfigTestSupport.Parse(toml);

        Assert.False(result.Ok, description);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal("test.toml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
