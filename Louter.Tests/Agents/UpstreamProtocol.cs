namespace Louter.Tests.Agents;

/// <summary>The wire protocol the scripted model speaks, as a Louter backend of that protocol expects it.</summary>
public enum UpstreamProtocol
{
    OpenAI,
    Anthropic,
    Gemini,
}
