using System.Buffers;
using System.IO.Pipelines;
using Louter.Streams.Errors;

namespace Louter.Host.Frontends;

/// <summary>Reads a whole request body, refusing bodies over the configured limit with a 413.</summary>
internal static class RequestBodyReader
{
    public static async Task<(ReadOnlyMemory<byte> Body, GatewayError? Error)> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) return (ReadOnlyMemory<byte>.Empty, TooLarge(limit));

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return (ReadOnlyMemory<byte>.Empty, TooLarge(limit));
            }

            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return (ReadOnlyMemory<byte>.Empty, TooLarge(limit));
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return (body, null);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static GatewayError TooLarge(long limit) =>
        new(GatewayErrorKind.RequestTooLarge, $"The request body is larger than this gateway accepts ({Size(limit)}).") { Code = "request_too_large" };

    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
