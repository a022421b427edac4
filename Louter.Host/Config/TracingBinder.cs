namespace Louter.Host.Config;

/// <summary>Binds [tracing]: otlp_endpoint, sample_ratio.</summary>
internal static class TracingBinder
{
    public static TracingConfig Bind(TomlSection section)
    {
        var config = new TracingConfig
        {
            OtlpEndpoint = section.GetHttpUrl("otlp_endpoint"),
            SampleRatio = section.GetNumber("sample_ratio", 0, 1) ?? new TracingConfig().SampleRatio,
        };
        section.ReportUnknownKeys();
        return config;
    }
}
