using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Media;
using Louter.Streams.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Louter.Tests.Streams.Media;

/// <summary>Media URLs a backend cannot take: refused, or fetched from a real loopback server within the policy.</summary>
public sealed class MediaInlinerTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private static readonly BackendDescriptor Gemini = new() { Name = "g", Protocol = BackendProtocol.Gemini };
    private WebApplication _server = null!;
    private Uri _base = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.MapGet("/cat.png", () => Results.Bytes(Png, "image/png"));
        _server.MapGet("/untyped.pdf", () => Results.Bytes("%PDF-1.4"u8.ToArray(), "application/octet-stream"));
        _server.MapGet("/big", () => Results.Bytes(new byte[4096], "image/png"));
        _server.MapGet("/moved", () => Results.Redirect("/cat.png"));
        _server.MapGet("/missing", () => Results.NotFound());
        await _server.StartAsync(Ct);
        _base = new Uri(_server.Urls.First());
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static ChatRequest With(ContentBlock block) =>
        new("m", [new ChatMessage(ChatRole.User, [new TextBlock("look"), block])]);

    private static async Task<ChatRequest> InlineAsync(ChatRequest request, MediaUrlPolicy policy, BackendDescriptor? backend = null)
    {
        using var fetcher = new MediaFetcher(policy);
        backend ??= Gemini;
        return await MediaInliner.InlineAsync(request, backend, backend.Protocol, fetcher, Ct);
    }

    private string Url(string path) => new Uri(_base, path).ToString();

    [Fact]
    public async Task UrlTheBackendCannotTake_WithFetchOff_Is400NamingThePartAndTheSetting()
    {
        var e = await Assert.ThrowsAsync<CodecException>(() => InlineAsync(With(new ImageBlock(new MediaSource.Url(Url("/cat.png")))), MediaUrlPolicy.Off));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal("messages[0].content[1]", e.Error.Param);
        Assert.Contains("fetch_media_urls", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackUrl_IsRefusedUnlessPrivateAddressesAreAllowed()
    {
        var e = await Assert.ThrowsAsync<CodecException>(() => InlineAsync(With(new ImageBlock(new MediaSource.Url(Url("/cat.png")))), new MediaUrlPolicy { Fetch = true }));

        Assert.Contains("private or loopback", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal("media_fetch_failed", e.Error.Code);
    }

    [Fact]
    public async Task AllowedUrl_IsFetchedAndInlinedWithTheServedType()
    {
        var inlined = await InlineAsync(With(new ImageBlock(new MediaSource.Url(Url("/cat.png"))) { Detail = "low" }), new MediaUrlPolicy { Fetch = true, AllowPrivateAddresses = true });

        var image = Assert.IsType<ImageBlock>(inlined.Messages[0].Content[1]);
        Assert.Equal(new MediaSource.Inline("image/png", Convert.ToBase64String(Png)), image.Source);
        Assert.Equal("low", image.Detail);
    }

    [Fact]
    public async Task GenericServedType_FallsBackToTheExtension()
    {
        var inlined = await InlineAsync(With(new DocumentBlock(new MediaSource.Url(Url("/untyped.pdf")))), new MediaUrlPolicy { Fetch = true, AllowPrivateAddresses = true });

        Assert.Equal("application/pdf", Assert.IsType<MediaSource.Inline>(Assert.IsType<DocumentBlock>(inlined.Messages[0].Content[1]).Source).MimeType);
    }

    [Fact]
    public async Task Redirect_IsFollowed()
    {
        var inlined = await InlineAsync(With(new ImageBlock(new MediaSource.Url(Url("/moved")))), new MediaUrlPolicy { Fetch = true, AllowPrivateAddresses = true });

        Assert.IsType<MediaSource.Inline>(Assert.IsType<ImageBlock>(inlined.Messages[0].Content[1]).Source);
    }

    [Theory]
    [InlineData("/big", "larger than")]
    [InlineData("/missing", "HTTP 404")]
    public async Task FetchFailure_Is400WithTheReason(string path, string reason)
    {
        var e = await Assert.ThrowsAsync<CodecException>(() => InlineAsync(With(new ImageBlock(new MediaSource.Url(Url(path)))), new MediaUrlPolicy { Fetch = true, AllowPrivateAddresses = true, MaxBytes = 1024 }));

        Assert.Contains(reason, e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlTheBackendTakes_IsLeftAlone()
    {
        var request = With(new ImageBlock(new MediaSource.Url("https://example.invalid/cat.png")));

        var result = await InlineAsync(request, MediaUrlPolicy.Off, new BackendDescriptor { Name = "o", Protocol = BackendProtocol.OpenAI });

        Assert.Same(request, result);
    }

    [Fact]
    public async Task UrlInsideAToolResult_IsInlinedToo()
    {
        var request = new ChatRequest("m", [new ChatMessage(ChatRole.User, [new ToolResultBlock("t1", [new ImageBlock(new MediaSource.Url(Url("/cat.png")))])])]);

        var e = await Assert.ThrowsAsync<CodecException>(() => InlineAsync(request, MediaUrlPolicy.Off));

        Assert.Equal("messages[0].content[0].content[0]", e.Error.Param);
    }
}
