namespace Louter.Tests.Support;

/// <summary>Paths of the recorded fixtures copied next to the test assembly (see Fixtures/recorded/README.md).</summary>
internal static class Fixtures
{
    public static string Path(string relative) =>
        System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "recorded", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    public const string OpenAIStreamingRequest = "openai/streaming/request.json";
    public const string OpenAIStreamingResponse = "openai/streaming/response.txt";
}
