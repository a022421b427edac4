using Louter.Streams.Backends;
using Louter.Streams.Errors;
using Xunit;

namespace Louter.Tests.Streams.Backends;

public sealed class UpstreamErrorsTests
{
    [Theory]
    [InlineData(429, GatewayErrorKind.RateLimited, 429, UpstreamOutcome.RateLimited)]
    [InlineData(401, GatewayErrorKind.BadGateway, 502, UpstreamOutcome.AuthFailure)]
    [InlineData(403, GatewayErrorKind.BadGateway, 502, UpstreamOutcome.AuthFailure)]
    [InlineData(408, GatewayErrorKind.GatewayTimeout, 504, UpstreamOutcome.Timeout)]
    [InlineData(500, GatewayErrorKind.BadGateway, 502, UpstreamOutcome.ServerError)]
    [InlineData(502, GatewayErrorKind.BadGateway, 502, UpstreamOutcome.ServerError)]
    [InlineData(503, GatewayErrorKind.Unavailable, 503, UpstreamOutcome.Overloaded)]
    [InlineData(529, GatewayErrorKind.Unavailable, 503, UpstreamOutcome.Overloaded)]
    [InlineData(504, GatewayErrorKind.GatewayTimeout, 504, UpstreamOutcome.Timeout)]
    [InlineData(400, GatewayErrorKind.UpstreamRejected, 400, UpstreamOutcome.ClientError)]
    [InlineData(404, GatewayErrorKind.UpstreamRejected, 404, UpstreamOutcome.ClientError)]
    [InlineData(413, GatewayErrorKind.UpstreamRejected, 413, UpstreamOutcome.ClientError)]
    [InlineData(422, GatewayErrorKind.UpstreamRejected, 422, UpstreamOutcome.ClientError)]
    [InlineData(302, GatewayErrorKind.BadGateway, 502, UpstreamOutcome.ProtocolError)]
    public void FromStatus_UpstreamStatus_MapsToKindStatusAndOutcome(int upstream, GatewayErrorKind kind, int status, UpstreamOutcome outcome)
    {
        var (error, actualOutcome) = UpstreamErrors.FromStatus("b1", upstream, upstreamMessage: null);

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.Status);
        Assert.Equal(outcome, actualOutcome);
        Assert.Contains("b1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(422)]
    public void FromStatus_ClientFault_RelaysUpstreamsMessage(int status)
    {
        var (error, _) = UpstreamErrors.FromStatus("b1", status, "Unrecognized request argument supplied: foo");

        Assert.Equal("Unrecognized request argument supplied: foo", error.Message);
        Assert.Equal(status, error.UpstreamStatus);
    }

    [Fact]
    public void FromStatus_ClientFaultWithoutMessage_SaysWhichBackendRejectedIt()
    {
        var (error, _) = UpstreamErrors.FromStatus("b1", 400, null);

        Assert.Equal("Backend 'b1' rejected the request (HTTP 400).", error.Message);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void FromStatus_BackendRejectsGatewayCredentials_NeverMentionsAKey(int status)
    {
        var (error, _) = UpstreamErrors.FromStatus("b1", status, "Incorrect API key provided: sk-abc***xyz");

        Assert.DoesNotContain("key", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sk-", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(529)]
    public void FromStatus_Overloaded_HasOverloadedCode(int status)
    {
        var (error, _) = UpstreamErrors.FromStatus("b1", status, null);

        Assert.Equal("backend_overloaded", error.Code);
    }
}
