namespace Louter.Streams.Canonical;

/// <summary>Who said a message. Tool results travel in user turns (as Anthropic and Gemini model them).</summary>
public enum ChatRole
{
    User,
    Assistant,
}
