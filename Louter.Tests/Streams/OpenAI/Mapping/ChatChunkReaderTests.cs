using System.Text;
using System.Text.Json;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Protocols.OpenAI.Wire;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.OpenAI.Mapping;

/// <summary>
/// The hand-written chunk reader against the source-generated deserializer it replaces on the stream
/// path: same chunk for real and authored chunks, the same refusal (JsonException) for malformed ones.
/// </summary>
public sealed class ChatChunkReaderTests
{
    public static TheoryData<string> Chunks()
    {
        var data = new TheoryData<string>();
        // Every chunk of the recorded gpt-4o-mini stream (service_tier, obfuscation, logprobs: null, refusal: null...).
        foreach (var line in File.ReadAllLines(Fixtures.Path(Fixtures.OpenAIStreamingResponse)))
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal)) data.Add(line["data: ".Length..]);
        }
        // Authored: tool-call fragments, reasoning fields, usage with details, escapes, nulls, unknown nested fields.
        data.Add("""{"id":"c1","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""");
        data.Add("""{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"city\":\"Par"}}]}}]}""");
        data.Add("""{"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"think \u00e9 \ud83d\ude00","reasoning":null,"content":null},"logprobs":{"content":[{"token":"a","logprob":-0.1,"bytes":[97],"top_logprobs":[]}]},"finish_reason":null}]}""");
        data.Add("""{"id":"c1","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"prompt_tokens_details":{"cached_tokens":4,"audio_tokens":null},"completion_tokens_details":{"reasoning_tokens":10,"accepted_prediction_tokens":0}}}""");
        data.Add("""{"id":"c1","choices":[{"index":1,"delta":{"content":"second candidate"},"finish_reason":"length"}],"usage":null,"extra":{"deep":[1,{"x":[true,false,null]}]}}""");
        data.Add("""{"choices":[{"index":0,"delta":{"refusal":"no"},"finish_reason":"content_filter"}],"system_fingerprint":"fp_1"}""");
        data.Add("""{"id":"c1","choices":[{"index":0,"delta":null,"finish_reason":"stop"}]}""");
        data.Add("""{"choices":[{"index":0,"delta":{"tool_calls":null,"content":"x"}}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"prompt_tokens_details":null}}""");
        data.Add("""{"error":{"message":"overloaded","type":"server_error","param":null,"code":"529"}}""");
        data.Add("""  { "id" : "spaced" , "choices" : [ { "index" : 0 , "delta" : { "content" : "a\nb\t\"q\"" } } ] }  """);
        return data;
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Read_GivesTheSerializersChunk(string json)
    {
        var expected = JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.ChatCompletionChunk);
        var actual = ChatChunkReader.Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(Render(expected), Render(actual));
    }

    [Fact]
    public void Read_SkippingIdentity_LeavesIdModelFingerprintAndObjectOut_AndReadsTheRest()
    {
        var chunk = ChatChunkReader.Read("""{"id":"c1","object":"vendor.chunk","model":"m","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":"hi"}}]}"""u8, skipIdentity: true)!;

        Assert.Equal("chat.completion.chunk", chunk.Object); // the default, not the chunk's
        Assert.Null(chunk.Id);
        Assert.Null(chunk.Model);
        Assert.Null(chunk.SystemFingerprint);
        Assert.Equal("hi", chunk.Choices![0].Delta!.Content);
    }

    [Theory]
    [InlineData("""{"id":"c1","choices":[{"index":0,"delta":{"content":"x"}}]""")] // cut off
    [InlineData("""{"id":5}""")]
    [InlineData("""{"created":"1700000000"}""")]
    [InlineData("""{"choices":{"index":0}}""")]
    [InlineData("""{"choices":[{"index":null}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":["x"]}}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":"0"}]}}]}""")]
    [InlineData("""{"usage":{"prompt_tokens":null}}""")]
    [InlineData("""{"usage":{"prompt_tokens":1.5}}""")]
    [InlineData("""{"id":"c1",}""")]
    [InlineData("""{"id":"c1"} {"id":"c2"}""")]
    [InlineData("""[]""")]
    [InlineData("""keep-alive""")]
    [InlineData("")]
    public void Read_Malformed_ThrowsJsonException_AsTheSerializerDoes(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.ChatCompletionChunk));
        Assert.ThrowsAny<JsonException>(() => ChatChunkReader.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Read_IntoTheLastChunk_GivesWhatAFreshReadGives_WhateverCameBefore()
    {
        // The stream decoder reads each chunk into the one before it: no field, choice or delta of an
        // earlier chunk may survive into a later one (two choices then one, a delta then none, usage then not).
        var chunks = Chunks().Select(row => (string)row.Data).Where(c => !c.Contains("\"error\"", StringComparison.Ordinal)).ToList();
        chunks.Insert(1, """{"id":"two","choices":[{"index":0,"delta":{"content":"a","role":"assistant"},"finish_reason":null},{"index":1,"delta":{"reasoning":"r"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}""");
        chunks.Insert(2, """{"choices":[null,{"index":0}]}""");
        foreach (var order in new[] { chunks, Enumerable.Reverse(chunks).ToList() })
        {
            ChatCompletionChunk? reused = null;
            foreach (var chunk in order)
            {
                var bytes = Encoding.UTF8.GetBytes(chunk);
                var fresh = ChatChunkReader.Read(bytes);
                reused = ChatChunkReader.Read(bytes, reuse: reused);
                Assert.Equal(Render(fresh), Render(reused));
            }
        }
    }

    /// <summary>A stream's chunks as the stream decoder reads them: the first whole, the rest from the lead on.</summary>
    private static void ReadAsAStream(IReadOnlyList<string> chunks, ChatChunkLead lead)
    {
        ChatCompletionChunk? reused = null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(chunks[i]);
            var whole = ChatChunkReader.Read(bytes, skipIdentity: i > 0);
            reused = ChatChunkReader.Read(bytes, skipIdentity: i > 0, reuse: reused, lead: lead);
            Assert.Equal(Render(whole), Render(reused));
        }
    }

    [Fact]
    public void Read_WithTheStreamsLead_GivesWhatAWholeReadGives()
    {
        // The recorded stream: id, object, created, model, service_tier, system_fingerprint before choices
        // in every chunk (obfuscation, which changes per chunk, comes after).
        var recorded = Chunks().Select(row => (string)row.Data).Take(File.ReadAllLines(Fixtures.Path(Fixtures.OpenAIStreamingResponse)).Count(l => l.StartsWith("data: {", StringComparison.Ordinal))).ToList();
        var lead = new ChatChunkLead();

        ReadAsAStream(recorded, lead);

        var learnt = Encoding.UTF8.GetString(lead.Bytes!);
        Assert.StartsWith("{\"id\":\"chatcmpl-", learnt);
        Assert.EndsWith("\"system_fingerprint\":\"fp_560af6e559\"", learnt);
        Assert.All(recorded.Skip(1), chunk => Assert.StartsWith(learnt, chunk));
    }

    [Fact]
    public void Read_WithALead_ChunksThatBeginOtherwise_OrGoWrongAfterIt_AreReadWhole()
    {
        const string head = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\"";
        var chunks = new List<string>
        {
            head + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
            head + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"usage\":null}",
            "{\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}",
            head + " , \"usage\" : {\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3} , \"choices\":[]}",
            head + ",\"extra\":{\"choices\":[1]},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"c\"},\"finish_reason\":\"stop\"}]}",
            head + "}",
        };
        var lead = new ChatChunkLead();

        ReadAsAStream(chunks, lead);

        Assert.Equal(head, Encoding.UTF8.GetString(lead.Bytes!));
        foreach (var broken in new[] { head + ",\"choices\":[}", head + ",}", head, head + ",\"choices\":[]} x", head + "\"choices\":[]}" })
        {
            Assert.ThrowsAny<JsonException>(() => ChatChunkReader.Read(Encoding.UTF8.GetBytes(broken), skipIdentity: true, lead: lead));
            Assert.ThrowsAny<JsonException>(() => ChatChunkReader.Read(Encoding.UTF8.GetBytes(broken), skipIdentity: true));
        }
        var error = ChatChunkReader.Read(Encoding.UTF8.GetBytes(head + ",\"error\":{\"message\":\"overloaded\"}}"), skipIdentity: true, lead: lead)!;
        Assert.Equal("overloaded", error.Error!.Message);
    }

    [Fact]
    public void Read_ChoicesFirst_LearnsNoLead_AndGivesUpAfterAFewChunks()
    {
        var chunks = Enumerable.Range(0, 8).Select(i => "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + i + "\"}}],\"id\":\"c1\"}").ToList();
        var lead = new ChatChunkLead();

        ReadAsAStream(chunks, lead);

        Assert.Null(lead.Bytes);
        Assert.Equal(ChatChunkLead.MaxTries, lead.Tries);
    }

    [Fact]
    public void Read_NullLiteral_IsNoChunk() => Assert.Null(ChatChunkReader.Read("null"u8));

    private static string Render(ChatCompletionChunk? chunk) => JsonSerializer.Serialize(chunk, OpenAIJsonContext.Default.ChatCompletionChunk);
}
