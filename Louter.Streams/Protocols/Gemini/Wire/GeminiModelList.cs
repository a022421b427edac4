namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary><c>{"models":[…],"nextPageToken":…}</c>; Louter lists every model on one page.</summary>
public sealed class GeminiModelList
{
    public List<GeminiModel> Models { get; set; } = [];
    public string? NextPageToken { get; set; }
}
