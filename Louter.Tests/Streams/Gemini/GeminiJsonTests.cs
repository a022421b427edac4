using System.Text;
using System.Text.Json;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Protocols.Gemini.Wire;
using Xunit;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiJsonTests
{
    private static GenerateContentRequest Read(string json) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), GeminiJson.Reader.GenerateContentRequest)!;

    [Fact]
    public void Read_SnakeCaseKeys_FillTheSameFieldsAsCamelCase()
    {
        var snake = Read("""
            {"system_instruction":{"parts":[{"text":"s"}]},
             "contents":[{"role":"model","parts":[{"function_call":{"name":"f","args":{}},"thought_signature":"sig"},
                                                  {"inline_data":{"mime_type":"image/png","data":"AA=="}},
                                                  {"file_data":{"mime_type":"application/pdf","file_uri":"gs://b/x"}}]}],
             "tools":[{"function_declarations":[{"name":"f","parameters_json_schema":{"type":"object"}}]}],
             "tool_config":{"function_calling_config":{"mode":"ANY","allowed_function_names":["f"]}},
             "generation_config":{"max_output_tokens":5,"top_k":3,"stop_sequences":["x"],"response_mime_type":"application/json",
                                  "thinking_config":{"thinking_budget":0,"include_thoughts":false}},
             "cached_content":"cachedContents/1"}
            """);

        Assert.Equal("s", snake.SystemInstruction!.Parts![0].Text);
        var parts = snake.Contents![0].Parts!;
        Assert.Equal("f", parts[0].FunctionCall!.Name);
        Assert.Equal("sig", parts[0].ThoughtSignature);
        Assert.Equal("image/png", parts[1].InlineData!.MimeType);
        Assert.Equal("gs://b/x", parts[2].FileData!.FileUri);
        Assert.NotNull(snake.Tools![0].FunctionDeclarations![0].ParametersJsonSchema);
        Assert.Equal(["f"], snake.ToolConfig!.FunctionCallingConfig!.AllowedFunctionNames!);
        var g = snake.GenerationConfig!;
        Assert.Equal((5L, 3d, "application/json"), (g.MaxOutputTokens!.Value, g.TopK!.Value, g.ResponseMimeType!));
        Assert.Equal(["x"], g.StopSequences!);
        Assert.Equal(0L, g.ThinkingConfig!.ThinkingBudget);
        Assert.Equal("cachedContents/1", snake.CachedContent);
    }

    [Fact]
    public void Read_SnakeCaseKeysInsideArgsAndSchemas_AreTheClientsOwnAndStayAsWritten()
    {
        var request = Read("""
            {"contents":[{"role":"model","parts":[{"function_call":{"name":"f","args":{"file_path":"a.txt"}}}]}],
             "tools":[{"function_declarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"file_path":{"type":"STRING"}}}}]}]}
            """);

        Assert.Equal("""{"file_path":"a.txt"}""", request.Contents![0].Parts![0].FunctionCall!.Args!.Value.GetRawText());
        Assert.True(request.Tools![0].FunctionDeclarations![0].Parameters!.Value.GetProperty("properties").TryGetProperty("file_path", out _));
    }

    [Fact]
    public void Read_OtherToolKinds_AreKeptVerbatim()
    {
        var request = Read("""{"contents":[],"tools":[{"googleSearch":{}},{"code_execution":{}}]}""");

        Assert.Equal(["googleSearch"], request.Tools![0].Other!.Keys);
        Assert.Equal(["code_execution"], request.Tools[1].Other!.Keys);
    }

    [Fact]
    public void Write_UsesCamelCaseOmitsNullsAndKeepsNonAsciiReadable()
    {
        var json = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(
            new GenerateContentRequest { Contents = [new Content { Role = "user", Parts = [new Part { Text = "今日は 'x'", ThoughtSignature = "s" }] }] },
            GeminiJson.Writer.GenerateContentRequest));

        Assert.Equal("""{"contents":[{"role":"user","parts":[{"text":"今日は 'x'","thoughtSignature":"s"}]}]}""", json);
    }
}
