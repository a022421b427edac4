using System.Globalization;
using System.Text.Json;
using Louter.Streams.Backends;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// <see cref="GatewayError"/>s in Gemini's shape (a google.rpc.Status:
/// <c>{"error":{"code","message","status","details"}}</c>) and Gemini errors read back. A rate limit
/// carries a google.rpc.RetryInfo detail, the only place Gemini clients look for a delay (the API
/// sends no rate-limit headers); a field error carries a google.rpc.BadRequest naming the field.
/// </summary>
public static class GeminiErrors
{
    public static byte[] Render(GatewayError error) =>
        JsonSerializer.SerializeToUtf8Bytes(Envelope(error), GeminiJson.Writer.GeminiErrorEnvelope);

    /// <summary>An in-stream error as Gemini sends one over SSE: a data event holding the error object.</summary>
    public static byte[] RenderStreamEvent(GatewayError error) => GeminiFraming.SseEvent(Render(error));

    public static GeminiErrorEnvelope Envelope(GatewayError error)
    {
        List<GeminiErrorDetail>? details = null;
        if (error.Kind == GatewayErrorKind.RateLimited && error.RetryAfter is { } delay)
            details = [new GeminiErrorDetail { Type = GeminiErrorDetail.RetryInfoType, RetryDelay = RateLimitHeaders.ToHeaderValue(delay) + "s" }];
        else if (error.Param is { } field)
            details = [new GeminiErrorDetail { Type = GeminiErrorDetail.BadRequestType, FieldViolations = [new FieldViolation { Field = field, Description = error.Message }] }];

        return new GeminiErrorEnvelope
        {
            Error = new GeminiError { Code = error.Status, Message = error.Message, Status = StatusOf(error), Details = details },
        };
    }

    /// <summary>The google.rpc.Code name for an error. Exhaustive over <see cref="GatewayErrorKind"/>.</summary>
    public static string StatusOf(GatewayError error) => error.Kind switch
    {
        GatewayErrorKind.InvalidRequest => "INVALID_ARGUMENT",
        GatewayErrorKind.Unauthorized => "UNAUTHENTICATED",
        GatewayErrorKind.Forbidden => "PERMISSION_DENIED",
        GatewayErrorKind.NotFound => "NOT_FOUND",
        // Google answers an oversized payload with INVALID_ARGUMENT; the HTTP code stays 413.
        GatewayErrorKind.RequestTooLarge => "INVALID_ARGUMENT",
        GatewayErrorKind.RateLimited => "RESOURCE_EXHAUSTED",
        GatewayErrorKind.Internal => "INTERNAL",
        GatewayErrorKind.NotImplemented => "UNIMPLEMENTED",
        // A broken or misconfigured upstream: not something the client can fix by retrying at once.
        GatewayErrorKind.BadGateway => "INTERNAL",
        GatewayErrorKind.Unavailable => "UNAVAILABLE",
        GatewayErrorKind.GatewayTimeout => "DEADLINE_EXCEEDED",
        GatewayErrorKind.UpstreamRejected => error.UpstreamStatus == 404 ? "NOT_FOUND" : "INVALID_ARGUMENT",
        _ => "INTERNAL",
    };

    /// <summary>The message of a Gemini-shaped error body, or null.</summary>
    public static string? MessageOf(ReadOnlySpan<byte> body) => Parse(body)?.Message;

    /// <summary>
    /// The delay a 429 body asks for: its google.rpc.RetryInfo <c>retryDelay</c> ("30s", "1.5s"), or null.
    /// Gemini sends no Retry-After header, so this is the only source.
    /// </summary>
    public static TimeSpan? RetryDelay(ReadOnlySpan<byte> body)
    {
        foreach (var detail in Parse(body)?.Details ?? [])
        {
            if (detail?.Type == GeminiErrorDetail.RetryInfoType && ParseDuration(detail.RetryDelay) is { } delay) return delay;
        }
        return null;
    }

    /// <summary>A protobuf Duration in JSON: decimal seconds with an "s" suffix.</summary>
    public static TimeSpan? ParseDuration(string? duration)
    {
        if (duration is not { Length: > 1 } || duration[^1] != 's') return null;
        return double.TryParse(duration.AsSpan(0, duration.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    /// <summary>
    /// An error a Gemini backend sent inside a stream → the gateway's error. Its status keeps its
    /// meaning (429 stays a rate limit with its retry delay, 503 stays "overloaded").
    /// </summary>
    public static GatewayError FromUpstream(GeminiError error)
    {
        var message = error.Message ?? "The Gemini backend reported an error in the middle of the stream.";
        return error.Code switch
        {
            429 => new GatewayError(GatewayErrorKind.RateLimited, message)
            {
                RetryAfter = error.Details?.Where(d => d?.Type == GeminiErrorDetail.RetryInfoType).Select(d => ParseDuration(d.RetryDelay)).FirstOrDefault(d => d is not null),
            },
            503 => new GatewayError(GatewayErrorKind.Unavailable, message) { Code = "backend_overloaded" },
            504 => new GatewayError(GatewayErrorKind.GatewayTimeout, message),
            >= 400 and < 500 and not (401 or 403) => new GatewayError(GatewayErrorKind.UpstreamRejected, message) { UpstreamStatus = error.Code },
            _ => new GatewayError(GatewayErrorKind.BadGateway, message),
        };
    }

    private static GeminiError? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, GeminiJson.Reader.ErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
