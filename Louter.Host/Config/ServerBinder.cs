namespace Louter.Host.Config;

/// <summary>Binds [server]: listen, data_dir, max_request_body and the media-URL fetch policy.</summary>
internal static class ServerBinder
{
    public static ServerConfig Bind(TomlSection section)
    {
        var defaults = new ServerConfig();
        var listen = section.GetString("listen");
        if (listen is not null && ListenAddress.Validate(listen) is { } problem)
        {
            section.Error("listen", problem);
            listen = null;
        }

        var config = new ServerConfig
        {
            Listen = listen ?? defaults.Listen,
            DataDir = section.GetNonEmptyString("data_dir") ?? defaults.DataDir,
            MaxRequestBodyBytes = section.GetByteSize("max_request_body") ?? defaults.MaxRequestBodyBytes,
            FetchMediaUrls = section.GetBool("fetch_media_urls") ?? defaults.FetchMediaUrls,
            MediaFetchMaxBytes = section.GetByteSize("media_fetch_max_bytes") ?? defaults.MediaFetchMaxBytes,
            AllowPrivateMediaUrls = section.GetBool("allow_private_media_urls") ?? defaults.AllowPrivateMediaUrls,
        };
        section.ReportUnknownKeys();
        return config;
    }
}
