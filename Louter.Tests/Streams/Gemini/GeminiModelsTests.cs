using System.Text.Json;
using Louter.Streams.Protocols.Gemini;
using Xunit;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiModelsTests
{
    [Fact]
    public void List_NamesEachModelAsAResourceWithTheMethodsLouterServes()
    {
        using var doc = JsonDocument.Parse(GeminiModels.List(["gemini-2.5-flash", "models/gpt-4o"]));

        var models = doc.RootElement.GetProperty("models");
        Assert.Equal(["models/gemini-2.5-flash", "models/gpt-4o"], models.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal("gpt-4o", models[1].GetProperty("displayName").GetString());
        Assert.Equal(["generateContent", "streamGenerateContent", "countTokens"],
            models[0].GetProperty("supportedGenerationMethods").EnumerateArray().Select(m => m.GetString()));
        Assert.False(doc.RootElement.TryGetProperty("nextPageToken", out _));
    }

    [Fact]
    public void Get_IsOneModelObject()
    {
        using var doc = JsonDocument.Parse(GeminiModels.Get("gemini-2.5-pro"));

        Assert.Equal("models/gemini-2.5-pro", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal("gemini-2.5-pro", doc.RootElement.GetProperty("baseModelId").GetString());
    }
}
