using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace Louter.Host.Hosting;

/// <summary>
/// The request id: taken from the client's <c>X-Request-Id</c> when it is a safe token, else made
/// here. It goes back on every response and on every log line of the request.
/// </summary>
internal static class RequestIds
{
    public const string Header = "x-request-id";

    /// <summary>Longest id accepted from a client: room for a UUID with a prefix, not for a payload.</summary>
    public const int MaxLength = 128;

    // Letters, digits and . _ : - cover UUIDs, ULIDs, "req_…" and trace-style ids. Anything else
    // (spaces, quotes, CR/LF, non-ASCII) could split a log line or a header, so it is not echoed.
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    /// <summary>The client's id if it sent exactly one valid one, else a new id.</summary>
    public static string Resolve(StringValues fromClient) =>
        fromClient.Count == 1 && fromClient[0] is { } id && IsValid(id) ? id : New();

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= MaxLength && !id.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>
    /// "req_" and 24 hex digits (96 random bits). From <see cref="Random.Shared"/>, not a GUID: an id
    /// needs to be unique, not unguessable, and on Linux every <see cref="Guid.NewGuid"/> is a read of
    /// /dev/urandom — a system call per request.
    /// </summary>
    public static string New() => string.Create(28, 0, static (span, _) =>
    {
        "req_".CopyTo(span);
        Span<byte> bits = stackalloc byte[12];
        Random.Shared.NextBytes(bits);
        Convert.TryToHexStringLower(bits, span[4..], out _);
    });

    /// <summary>The id <see cref="RequestIdMiddleware"/> gave this request (it is kept as the request's TraceIdentifier).</summary>
    public static string Of(HttpContext context) => context.TraceIdentifier;
}
