using System.Net;
using Louter.Streams.Media;
using Xunit;

namespace Louter.Tests.Streams.Media;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void IsPublic_NonPublicAddress_IsRefused(string address) => Assert.False(AddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("151.101.1.1")]
    [InlineData("2606:4700::1111")]
    public void IsPublic_PublicAddress_IsAllowed(string address) => Assert.True(AddressGuard.IsPublic(IPAddress.Parse(address)));
}
