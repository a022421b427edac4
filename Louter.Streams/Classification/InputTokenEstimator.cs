namespace Louter.Streams.Classification;

/// <summary>
/// A cheap estimate of a request's input tokens, for checking it against a backend's
/// context_window before choosing it. Not a tokenizer: about four bytes of JSON per token (the
/// usual rule of thumb for English text and code), except inline media. Base64 media would count
/// as hundreds of thousands of "tokens" by size alone, so every run of 256 or more base64
/// characters counts as <see cref="TokensPerMediaPart"/> instead (an image is ~85–1,600 tokens at
/// the big providers). Natural text and code have spaces and punctuation; such runs are media.
/// </summary>
public static class InputTokenEstimator
{
    public const int BytesPerToken = 4;
    public const int TokensPerMediaPart = 1_000;
    private const int MediaRun = 256;

    public static long Estimate(ReadOnlySpan<byte> body)
    {
        long textBytes = 0;
        long media = 0;
        var run = 0;
        foreach (var b in body)
        {
            if (IsBase64(b))
            {
                run++;
                continue;
            }

            Close(ref run, ref textBytes, ref media);
            textBytes++;
        }

        Close(ref run, ref textBytes, ref media);
        return (textBytes + BytesPerToken - 1) / BytesPerToken + media * TokensPerMediaPart;
    }

    private static void Close(ref int run, ref long textBytes, ref long media)
    {
        if (run >= MediaRun) media++;
        else textBytes += run;
        run = 0;
    }

    private static bool IsBase64(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/' or (byte)'=';
}
