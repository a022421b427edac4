using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Louter.Benchmarks.Load;

/// <summary>
/// The "plain forwarder" target: YARP's direct forwarder in a minimal ASP.NET Core app, every path
/// sent unchanged to the mock — what any .NET proxy costs, with nothing of a gateway's work.
/// Run as its own process (<c>load serve-yarp PORT UPSTREAM</c>).
/// </summary>
internal static class YarpForwarder
{
    /// <param name="http2">Forward as HTTP/2 with prior knowledge (to the mock's h2c port).</param>
    public static async Task<int> ServeAsync(int port, string upstream, bool http2 = false)
    {
        var builder = LoopbackServer.CreateBuilder(port);
        builder.Services.AddHttpForwarder();
        await using var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapForwarder("/{**catch-all}", upstream, http2
            ? new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact }
            : ForwarderRequestConfig.Empty);
        await app.RunAsync();
        return 0;
    }
}
