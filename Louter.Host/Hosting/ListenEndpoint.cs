using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Louter.Host.Hosting;

/// <summary>Binds Kestrel to a validated "HOST:PORT" from [server] listen or --listen.</summary>
internal static class ListenEndpoint
{
    public static void Apply(KestrelServerOptions kestrel, string listen)
    {
        var colon = listen.LastIndexOf(':');
        var host = listen[..colon].Trim('[', ']');
        var port = int.Parse(listen[(colon + 1)..], CultureInfo.InvariantCulture);

        if (host is "localhost")
            kestrel.ListenLocalhost(port);
        else if (host is "*" or "0.0.0.0")
            kestrel.Listen(IPAddress.Any, port);
        else if (IPAddress.TryParse(host, out var address))
            kestrel.Listen(address, port);
        else
            kestrel.Listen(Dns.GetHostAddresses(host)[0], port);
    }
}
