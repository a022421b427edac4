using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Louter.Host.Admin;

/// <summary>
/// Guards /admin. With <c>[auth] admin_token</c> set, every request needs
/// <c>Authorization: Bearer &lt;token&gt;</c>; without it, only loopback clients are answered, so a
/// gateway bound to a public address never exposes its controls by default.
/// </summary>
internal sealed class AdminAccessFilter(string? adminToken) : IEndpointFilter
{
    private readonly byte[]? _token = adminToken is null ? null : Encoding.UTF8.GetBytes(adminToken);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_token is null)
        {
            return IsLoopback(http.Connection.RemoteIpAddress)
                ? next(context)
                : ValueTask.FromResult<object?>(AdminResults.Error(StatusCodes.Status403Forbidden,
                    "The admin API answers only loopback clients when [auth] admin_token is not set."));
        }

        var header = http.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        var presented = header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()) : [];
        if (presented.Length > 0 && CryptographicOperations.FixedTimeEquals(presented, _token))
            return next(context);

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(AdminResults.Error(StatusCodes.Status401Unauthorized,
            "The admin API needs 'Authorization: Bearer <admin_token>'."));
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
