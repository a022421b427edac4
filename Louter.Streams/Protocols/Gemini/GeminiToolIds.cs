using System.Globalization;
using System.Text;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Ids for function calls that arrive without one (the public Gemini API usually omits
/// <c>functionCall.id</c>). Other protocols key tool results by id, so Louter makes one — and makes
/// it deterministic, so the same conversation gets the same ids on every turn (clients resend the
/// whole history; a changing id would break the pairing with results and defeat prompt caches).
/// Ids stay within [A-Za-z0-9_-] and 40 characters: Anthropic's pattern and OpenAI's length limit.
/// </summary>
public static class GeminiToolIds
{
    /// <summary>A call in the client's history: turn index, part index, and a hash of the function name.</summary>
    public static string ForHistory(int turn, int part, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"call_{turn}_{part}_{Fnv32(name):x8}");

    /// <summary>A call in a backend's answer: the answer's responseId and the call's position in it.</summary>
    public static string ForResponse(string responseId, int callIndex)
    {
        var safe = Sanitize(responseId);
        if (safe.Length > 28) safe = safe[..28];
        return string.Create(CultureInfo.InvariantCulture, $"call_{safe}_{callIndex}");
    }

    private static string Sanitize(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        return sb.ToString();
    }

    /// <summary>FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static uint Fnv32(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }
}
