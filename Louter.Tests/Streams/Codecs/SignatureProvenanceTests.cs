using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Streams.Codecs;

public sealed class SignatureProvenanceTests
{
    private static ChatRequest History(string thinkingSignature, string callSignature) =>
        new("m", [new ChatMessage(ChatRole.Assistant, [new ThinkingBlock("why") { Signature = thinkingSignature }, new ToolUseBlock("t1", "f", "{}") { ThoughtSignature = callSignature }])]);

    private static (string? Thinking, string? Call) Signatures(ChatRequest request) =>
        (((ThinkingBlock)request.Messages[0].Content[0]).Signature, ((ToolUseBlock)request.Messages[0].Content[1]).ThoughtSignature);

    [Fact]
    public void MarkedSignature_GoesBackUnmarkedToItsOrigin_AndNowhereElse()
    {
        var marked = History(SignatureProvenance.Mark("gem-sig", BackendProtocol.Gemini), SignatureProvenance.Mark("gem-call", BackendProtocol.Gemini));

        Assert.Equal(("gem-sig", "gem-call"), Signatures(SignatureProvenance.ForBackend(marked, BackendProtocol.Gemini, BackendProtocol.Anthropic)));
        Assert.Equal((null, null), Signatures(SignatureProvenance.ForBackend(marked, BackendProtocol.Anthropic, BackendProtocol.Anthropic)));
    }

    [Fact]
    public void UnmarkedSignature_BelongsToTheClientsProtocol()
    {
        var native = History("anthropic-sig", "x");

        Assert.Equal(("anthropic-sig", "x"), Signatures(SignatureProvenance.ForBackend(native, BackendProtocol.Anthropic, BackendProtocol.Anthropic)));
        Assert.Equal((null, null), Signatures(SignatureProvenance.ForBackend(native, BackendProtocol.Gemini, BackendProtocol.Anthropic)));
    }

    [Fact]
    public void Mark_StreamSignatureDelta_IsMarkedOnce()
    {
        var once = SignatureProvenance.Mark(new BlockDelta(0, DeltaKind.Signature, "abc"), BackendProtocol.Anthropic);
        var twice = SignatureProvenance.Mark(once, BackendProtocol.Anthropic);

        Assert.Equal(new BlockDelta(0, DeltaKind.Signature, "louter:anthropic:abc"), twice);
        Assert.Equal(new BlockDelta(0, DeltaKind.Text, "abc"), SignatureProvenance.Mark(new BlockDelta(0, DeltaKind.Text, "abc"), BackendProtocol.Anthropic));
    }
}
