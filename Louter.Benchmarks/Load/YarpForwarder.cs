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
    public static async Task<int> ServeAsync(int port, string upstream)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.AddServerHeader = false;
        });
        builder.Services.AddHttpForwarder();
        await using var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapForwarder("/{**catch-all}", upstream);
        await app.RunAsync();
        return 0;
    }
}
