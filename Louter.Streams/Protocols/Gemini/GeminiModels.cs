using System.Text.Json;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// <c>GET /v1beta/models</c> and <c>GET /v1beta/models/{id}</c> in Gemini's shape, for the model
/// names Louter routes. Every model is listed with the methods Louter serves for it; Louter does not
/// know token limits, so they are left out (clients treat them as optional).
/// </summary>
public static class GeminiModels
{
    private static readonly string[] Methods = ["generateContent", "streamGenerateContent", "countTokens"];

    public static byte[] List(IEnumerable<string> ids)
    {
        var list = new GeminiModelList { Models = [.. ids.Select(Model)] };
        return JsonSerializer.SerializeToUtf8Bytes(list, GeminiJson.Writer.GeminiModelList);
    }

    public static byte[] Get(string id) => JsonSerializer.SerializeToUtf8Bytes(Model(id), GeminiJson.Writer.GeminiModel);

    public static GeminiModel Model(string id)
    {
        var bare = GeminiEndpoints.ModelId(id);
        return new GeminiModel
        {
            Name = "models/" + bare,
            BaseModelId = bare,
            DisplayName = bare,
            SupportedGenerationMethods = [.. Methods],
        };
    }
}
