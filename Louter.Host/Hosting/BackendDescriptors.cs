using Louter.Host.Config;
using Louter.Streams.Routing;

namespace Louter.Host.Hosting;

/// <summary>Config backends → the descriptors the request path uses.</summary>
internal static class BackendDescriptors
{
    public static IReadOnlyList<BackendDescriptor> From(LouterConfig config) =>
        [.. config.Backends.Select((b, i) => new BackendDescriptor
        {
            Name = b.Name,
            Protocol = b.Protocol switch
            {
                BackendProtocolKind.OpenAI => BackendProtocol.OpenAI,
                BackendProtocolKind.OpenAIResponses => BackendProtocol.OpenAIResponses,
                BackendProtocolKind.Anthropic => BackendProtocol.Anthropic,
                BackendProtocolKind.Gemini => BackendProtocol.Gemini,
                _ => BackendProtocol.Mock,
            },
            BaseUrl = b.Url is null ? null : new Uri(b.Url),
            ApiKey = b.ApiKey,
            ModelMapping = b.ModelMapping,
            Capabilities = b.Capabilities,
            Priority = b.Priority,
            Weight = b.Weight,
            Order = i,
            MaxTokensField = b.MaxTokensField == MaxTokensField.MaxCompletionTokens ? MaxTokensFieldName.MaxCompletionTokens : MaxTokensFieldName.MaxTokens,
            XmlToolFormat = b.ToolFormat == ToolFormat.Xml,
            Timeout = b.Timeout,
            IdleTimeout = b.IdleTimeout,
            ChunkDelay = b.ChunkDelay,
            Models = b.Models,
        })];
}
