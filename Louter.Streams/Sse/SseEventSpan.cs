namespace Louter.Streams.Sse;

/// <summary>
/// An event found in place by <see cref="SseReader.LocateAsync"/>: where it ends in the reader's
/// current <see cref="SseReader.Run"/>, and where its data is. An event with more than one data line
/// has its lines joined into an array of its own (<see cref="JoinedData"/>); a one-line event's data
/// is a slice of the run.
/// </summary>
public readonly record struct SseEventSpan(string? Event, int End, int DataStart, int DataLength, byte[]? JoinedData = null)
{
    /// <summary>The event's data (its data lines joined by "\n"), given the run it was found in.</summary>
    public ReadOnlySpan<byte> Data(ReadOnlySpan<byte> run) => JoinedData is { } joined ? joined : run.Slice(DataStart, DataLength);
}
