using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// The two ways Louter uses <see cref="GeminiJsonContext"/>: reading (camelCase or snake_case keys)
/// and writing (camelCase, with relaxed escaping: API bodies are never embedded in HTML, and the
/// default encoder would turn every non-ASCII character of a Japanese answer into \uXXXX).
/// </summary>
public static class GeminiJson
{
    private static readonly JsonSerializerOptions ReaderOptions = new(GeminiJsonContext.Default.Options)
    {
        TypeInfoResolver = GeminiJsonContext.Default.WithAddedModifier(SnakeCaseAliases.Add),
    };

    public static GeminiJsonContext Writer { get; } = new(new JsonSerializerOptions(GeminiJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Readers that accept both key spellings.</summary>
    public static class Reader
    {
        public static JsonTypeInfo<GenerateContentRequest> GenerateContentRequest { get; } = Info<GenerateContentRequest>();
        public static JsonTypeInfo<GenerateContentResponse> GenerateContentResponse { get; } = Info<GenerateContentResponse>();
        public static JsonTypeInfo<GeminiChunkProbe> ChunkProbe { get; } = Info<GeminiChunkProbe>();
        public static JsonTypeInfo<GeminiErrorEnvelope> ErrorEnvelope { get; } = Info<GeminiErrorEnvelope>();
        public static JsonTypeInfo<CountTokensRequest> CountTokensRequest { get; } = Info<CountTokensRequest>();

        private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)ReaderOptions.GetTypeInfo(typeof(T));
    }
}
