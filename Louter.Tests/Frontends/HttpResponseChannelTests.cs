using Louter.Host.Frontends;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Louter.Tests.Frontends;

public sealed class HttpResponseChannelTests
{
    [Fact]
    public void Start_SetsStatusTypeRequestIdAndTheGivenHeaders()
    {
        var context = new DefaultHttpContext();
        var channel = new HttpResponseChannel(context.Response, "req_1");

        channel.Start(200, "text/event-stream", [new("x-ratelimit-remaining-requests", "9")]);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("text/event-stream", context.Response.ContentType);
        Assert.Equal("req_1", context.Response.Headers["x-request-id"]);
        Assert.Equal("9", context.Response.Headers["x-ratelimit-remaining-requests"]);
    }

    [Fact]
    public void Start_AgainBeforeAnyByteWentOut_ReplacesTheFirstHeadWhole()
    {
        var context = new DefaultHttpContext();
        var channel = new HttpResponseChannel(context.Response, "req_2");
        channel.Start(200, "text/event-stream", [new("x-ratelimit-remaining-requests", "9")]);

        channel.Start(502, "application/json", [new("retry-after", "3")]);

        Assert.Equal(502, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.False(context.Response.Headers.ContainsKey("x-ratelimit-remaining-requests"));
        Assert.Equal("3", context.Response.Headers["retry-after"]);
        Assert.Equal("req_2", context.Response.Headers["x-request-id"]);
    }
}
