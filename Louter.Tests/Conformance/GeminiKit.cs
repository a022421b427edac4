using System.Runtime.CompilerServices;
using System.Text.Json;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Conformance;

/// <summary>
/// Gemini at both ends: the model and the streaming choice live in the URL
/// (<c>/v1beta/models/{model}:streamGenerateContent?alt=sse</c>), auth is x-goog-api-key, and a
/// stream is SSE or, without alt=sse, one JSON array.
/// </summary>
internal sealed class GeminiKit : ProtocolKit
{
    public override Proto Proto => Proto.Gemini;
    public override IFrontend Frontend => GeminiFrontend.Instance;
    public override IBackendCodec Codec { get; } = new GeminiBackend();

    /// <summary>google.rpc.Code names (ai.google.dev/gemini-api/docs/troubleshooting): overload is 503 UNAVAILABLE.</summary>
    public override (int Status, string Type) Shape(ErrorClass error) => error switch
    {
        ErrorClass.Invalid => (400, "INVALID_ARGUMENT"),
        ErrorClass.RateLimited => (429, "RESOURCE_EXHAUSTED"),
        ErrorClass.Overloaded => (503, "UNAVAILABLE"),
        _ => (502, "INTERNAL"),
    };

    /// <summary>The endpoint's reading of a Gemini URL: the model after /models/, the method after the colon, alt=sse.</summary>
    protected override RequestHints Hints(Uri uri, Mode mode)
    {
        var path = uri.AbsolutePath;
        var rest = path[(path.IndexOf("/models/", StringComparison.Ordinal) + "/models/".Length)..];
        var colon = rest.LastIndexOf(':');
        var stream = rest[(colon + 1)..] == "streamGenerateContent";
        var sse = uri.Query.Contains("alt=sse", StringComparison.Ordinal);
        return new RequestHints
        {
            PathModel = Uri.UnescapeDataString(rest[..colon]),
            Stream = stream,
            // The suite's JSON-array client is a raw REST caller: the same URL without alt=sse.
            JsonArrayStream = stream && (mode == Mode.JsonArray || !sse),
        };
    }

    protected override async IAsyncEnumerable<SseEvent> Frames(byte[] body, Mode mode, [EnumeratorCancellation] CancellationToken ct)
    {
        if (mode != Mode.JsonArray)
        {
            await foreach (var frame in base.Frames(body, mode, ct)) yield return frame;
            yield break;
        }
        await using var reader = new GeminiJsonArrayReader(new MemoryStream(body));
        while (await reader.ReadAsync(ct) is { } element) yield return new SseEvent(null, element);
        // A raw REST caller parses the whole array: one that never closes is unreadable to it.
        Assert.True(reader.Closed, "the JSON array stream was not closed with ']'");
    }

    /// <summary>Gemini clients look for the delay in the body's google.rpc.RetryInfo, not in a header.</summary>
    protected override ClientError ReadError(int status, string? retryAfter, JsonElement body)
    {
        var error = body.GetProperty("error");
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        string? delay = null;
        if (error.TryGetProperty("details", out var details))
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.TryGetProperty("retryDelay", out var d)) delay = d.GetString()!.TrimEnd('s');
            }
        }
        return new ClientError(status, error.GetProperty("status").GetString()!, error.GetProperty("message").GetString()!, delay);
    }

    public override void AssertUpstreamHttp(UpstreamRequest request, string model, bool stream, string apiKey)
    {
        Assert.Equal($"/v1beta/models/{model}:{(stream ? "streamGenerateContent" : "generateContent")}", request.Uri.AbsolutePath);
        Assert.Equal(stream ? "?alt=sse" : "", request.Uri.Query);
        AssertHeader(request, "x-goog-api-key", apiKey);
        Assert.DoesNotContain(apiKey, request.Uri.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The Gemini API sends no Retry-After header: a 429's delay is only in the body (RetryInfo).</summary>
    public override HttpResponseMessage Error(GatewayError error)
    {
        var response = base.Error(error);
        response.Headers.Remove("retry-after");
        return response;
    }
}
