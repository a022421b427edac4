using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Responses;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Responses;

/// <summary>Where a Responses request declares its tools, and what a backend of another protocol gets of them.</summary>
public sealed class ResponsesFrontendToolsTests
{
    private static readonly ResponsesFrontend Frontend = ResponsesFrontend.Instance;

    /// <summary>
    /// Codex 0.171 with a model it knows (its default gpt-6.2-sol): no top-level tools, its tool set in
    /// an additional_tools item first in the input — namespace groups holding a freeform custom tool
    /// and function tools.
    /// </summary>
    private const string CodexKnownModelBody = """
        {"model":"gpt-6.2-sol","stream":true,"store":false,"tool_choice":"auto","parallel_tool_calls":false,
         "input":[
          {"type":"additional_tools","id":"at_1","role":"developer","tools":[
            {"type":"namespace","name":"functions","description":"","tools":[
              {"type":"custom","name":"exec","description":"Run JavaScript code","format":{"type":"grammar","syntax":"lark","definition":"start: /[\\s\\S]*/"}},
              {"type":"function","name":"wait","description":"Wait for an exec cell","parameters":{"type":"object","properties":{"cell_id":{"type":"string"}},"required":["cell_id"]}}]},
            {"type":"namespace","name":"clock","description":"","tools":[
              {"type":"function","name":"sleep","description":"Sleep","parameters":{"type":"object","properties":{"ms":{"type":"number"}}}}]}]},
          {"type":"message","role":"developer","content":[{"type":"input_text","text":"You are Codex."}]},
          {"type":"message","role":"user","content":[{"type":"input_text","text":"Read note.txt"}]}]}
        """;

    private static Exchange Decoded(string body)
    {
        var exchange = new Exchange("req-1", Encoding.UTF8.GetBytes(body), new RecordingResponseChannel(), 0, CancellationToken.None);
        Frontend.Decode(exchange);
        Assert.Null(exchange.Error);
        return exchange;
    }

    [Fact]
    public void ToCanonical_AdditionalToolsItem_DeclaresItsToolsForTheBackend()
    {
        var exchange = Decoded(CodexKnownModelBody);

        var request = Frontend.ToCanonical(exchange.Request!);

        Assert.Equal(["exec", "wait", "sleep"], request.Tools.Select(t => t.Name));
        var exec = request.Tools[0];
        Assert.True(exec.Freeform);
        Assert.Contains("lark grammar", exec.Description, StringComparison.Ordinal);
        Assert.Equal("object", request.Tools[1].InputSchema!.Value.GetProperty("type").GetString());
        // The item itself is no message: nothing of it reaches the conversation, and nothing is noted as lost.
        Assert.Equal(["You are Codex."], request.System.Select(t => t.Text));
        Assert.Equal(ChatRole.User, Assert.Single(request.Messages).Role);
        Assert.DoesNotContain(exchange.Warnings, w => w.Contains("additional_tools", StringComparison.Ordinal));
    }

    [Fact]
    public void Decode_AdditionalToolsItem_CallsAreAnsweredAsTheirKindInTheirNamespace()
    {
        var decoded = Assert.IsType<ResponsesDecoded>(Decoded(CodexKnownModelBody).Request);

        Assert.Equal(["exec"], decoded.CustomTools);
        Assert.Equal("functions", decoded.Namespaces["exec"]);
        Assert.Equal("functions", decoded.Namespaces["wait"]);
        Assert.Equal("clock", decoded.Namespaces["sleep"]);
        Assert.True(Frontend.Classify(decoded).HasFlag(RequestNeeds.FunctionCalling));
    }

    [Fact]
    public void ToCanonical_ToolDeclaredTwice_KeepsTheLastDeclarationOnce()
    {
        var exchange = Decoded("""
            {"model":"m","tools":[{"type":"function","name":"read","description":"old","parameters":{"type":"object"}}],
             "input":[
              {"type":"additional_tools","role":"developer","tools":[{"type":"function","name":"read","description":"new","parameters":{"type":"object"}}]},
              {"role":"user","content":"hi"}]}
            """);

        var request = Frontend.ToCanonical(exchange.Request!);

        var read = Assert.Single(request.Tools);
        Assert.Equal("new", read.Description);
        Assert.False(((ResponsesDecoded)exchange.Request!).Namespaces.ContainsKey("read"));
    }

    [Fact]
    public void Decode_AdditionalToolsItemWithAnUnnamedFunction_IsRefusedWithItsPath()
    {
        var exchange = new Exchange("req-1", Encoding.UTF8.GetBytes("""
            {"model":"m","input":[{"type":"additional_tools","role":"developer","tools":[{"type":"function"}]}]}
            """), new RecordingResponseChannel(), 0, CancellationToken.None);

        Frontend.Decode(exchange);

        Assert.Equal("input[0].tools[0].name", exchange.Error?.Param);
    }
}
