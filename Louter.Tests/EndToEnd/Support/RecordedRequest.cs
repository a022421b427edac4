namespace Louter.Tests.EndToEnd.Support;

/// <summary>One request as the mock upstream received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, string? Model)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
