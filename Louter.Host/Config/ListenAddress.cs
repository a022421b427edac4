using System.Globalization;

namespace Louter.Host.Config;

/// <summary>Checks HOST:PORT listen addresses: "127.0.0.1:8080", "0.0.0.0:0", "localhost:8080", "[::1]:8080".</summary>
internal static class ListenAddress
{
    /// <summary>Null when <paramref name="listen"/> is valid; otherwise what is wrong with it.</summary>
    public static string? Validate(string listen)
    {
        const string Example = "write HOST:PORT, e.g. \"127.0.0.1:8080\" or \"0.0.0.0:8080\"";
        var colon = listen.LastIndexOf(':');
        if (colon < 0)
        {
            return $"\"{listen}\" has no port; {Example}";
        }

        var host = listen[..colon];
        var port = listen[(colon + 1)..];
        if (host.Length == 0)
        {
            return $"\"{listen}\" has no host; {Example} (0.0.0.0 listens on every interface)";
        }

        if (host.StartsWith('['))
        {
            if (!host.EndsWith(']') || host.Length < 3)
            {
                return $"\"{listen}\": an IPv6 host must be written in brackets, e.g. \"[::1]:8080\"";
            }
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            return $"\"{listen}\": an IPv6 host must be written in brackets, e.g. \"[::1]:8080\"";
        }

        if (port.Length == 0)
        {
            return $"\"{listen}\" has no port; {Example}";
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            return $"\"{listen}\": the port must be a number from 1 to 65535 (or 0 for any free port)";
        }

        return null;
    }
}
