using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Louter.Benchmarks.Load;

/// <summary>The minimal ASP.NET Core app the harness's own servers (mock, YARP, graph floor) start from: loopback only, no logging, no connection limit.</summary>
internal static class LoopbackServer
{
    public static WebApplicationBuilder CreateBuilder(int port, Action<KestrelServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxConcurrentConnections = null;
            k.AddServerHeader = false;
            configure?.Invoke(k);
        });
        return builder;
    }
}
