using System.Text.Json;
using Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>
/// Reads one chat completion chunk with a <see cref="Utf8JsonReader"/>: the same result as the
/// source-generated deserializer for every field the stream decoder uses, without its per-call read
/// stack (profiled: the serializer's stack frames were the largest allocation of a translated stream).
/// Unknown fields are skipped; a field of the wrong JSON type throws <see cref="JsonException"/>, as the
/// serializer does; null entries in choices or tool_calls are dropped (the serializer would keep them
/// as nulls for the decoder to trip over). A chunk carrying an error goes to the serializer (rare, and
/// its shape is open).
/// </summary>
public static class ChatChunkReader
{
    /// <param name="skipIdentity">Leave id, model, system_fingerprint, object and created unread (the decoder needs them from the first chunk only).</param>
    /// <param name="reuse">
    /// A chunk the caller is done with, read into again (with its first choice and delta) instead of
    /// new objects: a stream decoder that keeps nothing of a chunk past its call passes the one it
    /// got last time, and a translated stream allocates no wire objects per chunk.
    /// </param>
    /// <param name="lead">
    /// One per stream: learnt from the first chunk read whole, and with <paramref name="skipIdentity"/>
    /// the bytes before choices of every later chunk that begins the same way are not tokenized again.
    /// </param>
    public static ChatCompletionChunk? Read(ReadOnlySpan<byte> json, bool skipIdentity = false, ChatCompletionChunk? reuse = null, ChatChunkLead? lead = null)
    {
        Utf8JsonReader reader;
        var learn = lead is { Bytes: null, Tries: < ChatChunkLead.MaxTries };
        if (skipIdentity && lead?.Bytes is { } known && json.StartsWith(known))
        {
            reader = new Utf8JsonReader(json[known.Length..], isFinalBlock: true, lead.State);
        }
        else
        {
            reader = new Utf8JsonReader(json);
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.Null) return null;
            Expect(ref reader, JsonTokenType.StartObject);
        }

        var chunk = reuse ?? new ChatCompletionChunk();
        var oldChoices = reuse?.Choices;
        reuse?.Clear();
        // Learning the lead: where (and in what state) the reader was after the last value before the first field that counts.
        long afterValue = 0, leadEnd = -1;
        JsonReaderState afterValueState = default, leadState = default;
        if (learn)
        {
            afterValue = reader.BytesConsumed;
            afterValueState = reader.CurrentState;
        }
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (learn && leadEnd < 0 && (reader.ValueTextEquals("choices"u8) || reader.ValueTextEquals("usage"u8) || reader.ValueTextEquals("error"u8)))
            {
                leadEnd = afterValue;
                leadState = afterValueState;
            }
            if (reader.ValueTextEquals("choices"u8)) { Next(ref reader); chunk.Choices = ReadChoices(ref reader, oldChoices); }
            else if (reader.ValueTextEquals("usage"u8)) { Next(ref reader); chunk.Usage = ReadUsage(ref reader); }
            else if (reader.ValueTextEquals("error"u8)) return JsonSerializer.Deserialize(json, OpenAIJsonContext.Default.ChatCompletionChunk);
            else if (skipIdentity) Skip(ref reader);
            else if (reader.ValueTextEquals("id"u8)) chunk.Id = String(ref reader);
            else if (reader.ValueTextEquals("model"u8)) chunk.Model = String(ref reader);
            else if (reader.ValueTextEquals("system_fingerprint"u8)) chunk.SystemFingerprint = String(ref reader);
            else if (reader.ValueTextEquals("created"u8)) chunk.Created = Int64(ref reader);
            else if (reader.ValueTextEquals("object"u8)) chunk.Object = String(ref reader)!;
            else Skip(ref reader);
            if (learn)
            {
                afterValue = reader.BytesConsumed;
                afterValueState = reader.CurrentState;
            }
        }
        Expect(ref reader, JsonTokenType.EndObject);
        if (reader.Read()) throw new JsonException("Trailing data after the chunk.");
        if (learn)
        {
            lead!.Tries++;
            if (leadEnd > 1)
            {
                lead.Bytes = json[..(int)leadEnd].ToArray();
                lead.State = leadState;
            }
        }
        return chunk;
    }

    /// <param name="reuse">The list (and its choices) of a chunk read before, filled again; null: new ones.</param>
    private static List<ChatChunkChoice>? ReadChoices(ref Utf8JsonReader reader, List<ChatChunkChoice>? reuse)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartArray);
        var choices = reuse ?? new List<ChatChunkChoice>(1);
        var count = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null) continue; // nothing to decode (the serializer would hand the decoder a null)
            Expect(ref reader, JsonTokenType.StartObject);
            ChatChunkChoice choice;
            ChatDelta? oldDelta = null;
            if (count < choices.Count && choices[count] is { } earlier)
            {
                choice = earlier;
                oldDelta = choice.Delta;
                choice.Clear();
            }
            else if (count < choices.Count)
            {
                choices[count] = choice = new ChatChunkChoice();
            }
            else
            {
                choice = new ChatChunkChoice();
                choices.Add(choice);
            }
            count++;
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8)) choice.Index = Int32(ref reader);
                else if (reader.ValueTextEquals("delta"u8)) { Next(ref reader); choice.Delta = ReadDelta(ref reader, oldDelta); }
                else if (reader.ValueTextEquals("finish_reason"u8)) choice.FinishReason = String(ref reader);
                else Skip(ref reader);
            }
        }
        if (choices.Count > count) choices.RemoveRange(count, choices.Count - count);
        return choices;
    }

    private static ChatDelta? ReadDelta(ref Utf8JsonReader reader, ChatDelta? reuse)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var delta = reuse ?? new ChatDelta();
        reuse?.Clear();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8)) delta.Content = String(ref reader);
            else if (reader.ValueTextEquals("role"u8)) delta.Role = String(ref reader);
            else if (reader.ValueTextEquals("reasoning_content"u8)) delta.ReasoningContent = String(ref reader);
            else if (reader.ValueTextEquals("reasoning"u8)) delta.Reasoning = String(ref reader);
            else if (reader.ValueTextEquals("tool_calls"u8)) { Next(ref reader); delta.ToolCalls = ReadToolCalls(ref reader); }
            else if (reader.ValueTextEquals("refusal"u8)) delta.Refusal = String(ref reader);
            else Skip(ref reader);
        }
        return delta;
    }

    private static List<ChatToolCall>? ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartArray);
        var calls = new List<ChatToolCall>(1);
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null) continue;
            Expect(ref reader, JsonTokenType.StartObject);
            var call = new ChatToolCall();
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8)) call.Index = NullableInt32(ref reader);
                else if (reader.ValueTextEquals("id"u8)) call.Id = String(ref reader);
                else if (reader.ValueTextEquals("type"u8)) call.Type = String(ref reader);
                else if (reader.ValueTextEquals("function"u8)) { Next(ref reader); call.Function = ReadFunction(ref reader); }
                else Skip(ref reader);
            }
            calls.Add(call);
        }
        return calls;
    }

    private static FunctionCall? ReadFunction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var function = new FunctionCall();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("arguments"u8)) function.Arguments = String(ref reader);
            else if (reader.ValueTextEquals("name"u8)) function.Name = String(ref reader);
            else Skip(ref reader);
        }
        return function;
    }

    private static ChatUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        Expect(ref reader, JsonTokenType.StartObject);
        var usage = new ChatUsage();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8)) usage.PromptTokens = Int64(ref reader);
            else if (reader.ValueTextEquals("completion_tokens"u8)) usage.CompletionTokens = Int64(ref reader);
            else if (reader.ValueTextEquals("total_tokens"u8)) usage.TotalTokens = Int64(ref reader);
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.Null) { usage.PromptTokensDetails = null; continue; }
                Expect(ref reader, JsonTokenType.StartObject);
                var details = new PromptTokensDetails();
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("cached_tokens"u8)) details.CachedTokens = NullableInt64(ref reader);
                    else if (reader.ValueTextEquals("audio_tokens"u8)) details.AudioTokens = NullableInt64(ref reader);
                    else Skip(ref reader);
                }
                usage.PromptTokensDetails = details;
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.Null) { usage.CompletionTokensDetails = null; continue; }
                Expect(ref reader, JsonTokenType.StartObject);
                var details = new CompletionTokensDetails();
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("reasoning_tokens"u8)) details.ReasoningTokens = NullableInt64(ref reader);
                    else if (reader.ValueTextEquals("audio_tokens"u8)) details.AudioTokens = NullableInt64(ref reader);
                    else Skip(ref reader);
                }
                usage.CompletionTokensDetails = details;
            }
            else Skip(ref reader);
        }
        return usage;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("The chunk ended early.");
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw Mismatch();
    }

    private static void Skip(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    private static string? String(ref Utf8JsonReader reader) =>
        Next(ref reader) switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw Mismatch(),
        };

    private static long Int64(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Mismatch();

    private static long? NullableInt64(ref Utf8JsonReader reader) =>
        Next(ref reader) switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number when reader.TryGetInt64(out var value) => value,
            _ => throw Mismatch(),
        };

    private static int Int32(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Mismatch();

    private static int? NullableInt32(ref Utf8JsonReader reader) =>
        Next(ref reader) switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
            _ => throw Mismatch(),
        };

    private static JsonException Mismatch() => new("A chunk field has the wrong JSON type.");
}

/// <summary>
/// What a stream's chunks begin with before their first field that is read after the first chunk
/// (choices, usage or error) — id, object, created, model: the same bytes in every chunk of a stream
/// from the servers we know — and the reader's state after them (<see cref="ChatChunkReader.Read"/>).
/// A later chunk that begins with these bytes is read on from there, its tail validated as usual; one
/// that does not is read whole. Learnt from the first of the stream's chunks that has such bytes.
/// </summary>
public sealed class ChatChunkLead
{
    /// <summary>Chunks looked at for a lead before giving up (a server that sends choices first has none).</summary>
    internal const int MaxTries = 4;

    internal byte[]? Bytes;
    internal JsonReaderState State;
    internal int Tries;
}

