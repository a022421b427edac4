using Louter.Streams.Canonical;
using static Louter.Tests.Conformance.Answers;

namespace Louter.Tests.Conformance;

internal static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> Media =>
    [
        new("image_base64")
        {
            Request = Ask(User(new TextBlock("What is in this image?"), new ImageBlock(new MediaSource.Inline("image/png", Png)))),
            Answer = _ => Text("A single pixel."),
        },

        new("image_url")
        {
            Request = Ask(User(new TextBlock("What is in this image?"), new ImageBlock(new MediaSource.Url("https://example.com/cat.png", "image/png")))),
            Answer = _ => Text("A cat."),
            // MediaUrlSupport: Gemini's fileData takes Cloud Storage and Files API URIs, not web URLs;
            // with fetch_media_urls off (the default) Louter refuses, naming the part. A Gemini client's
            // own fileData goes to a Gemini backend untouched (the fast path), for Gemini to judge.
            Expect = pair => pair.Upstream == Proto.Gemini && pair.Client != Proto.Gemini
                ? new ExpectError(ErrorClass.Invalid, "cannot take an image by URL (messages[0].content[1])", UpstreamCalled: false)
                : null,
        },

        new("image_url_fetched")
        {
            // fetch_media_urls on: the image a Gemini backend cannot fetch itself is fetched and sent inline.
            FetchMediaUrls = true,
            Request = Ask(User(new TextBlock("What is in this image?"), new ImageBlock(new MediaSource.Url(MediaServer.Base + "cat.png", "image/png")))),
            Answer = _ => Text("A single pixel."),
        },

        new("image_url_fetch_fails")
        {
            // A URL Louter may fetch but cannot: a 400 naming the part and why, before the backend is called.
            FetchMediaUrls = true,
            Request = Ask(User(new TextBlock("What is in this image?"), new ImageBlock(new MediaSource.Url(MediaServer.Base + "missing.png", "image/png")))),
            Answer = _ => Text("A cat."),
            Expect = pair => pair.Upstream == Proto.Gemini && !pair.PassThrough
                ? new ExpectError(ErrorClass.Invalid, "Could not fetch an image at messages[0].content[1]: the server answered HTTP 404.", UpstreamCalled: false)
                : null,
        },

        new("pdf_url")
        {
            // Only Anthropic and the Responses API (file_url) fetch documents by URL; OpenAI wants file_data,
            // Gemini a Files API URI. An OpenAI client cannot send a document by URL (its file part has no URL form).
            Applies = pair => pair.Client != Proto.OpenAI,
            Why = "an OpenAI client's file part has no URL form",
            Request = Ask(User(new TextBlock("Summarise this document."), new DocumentBlock(new MediaSource.Url(MediaServer.Base + "report.pdf", "application/pdf")))),
            Answer = _ => Text("An empty PDF."),
            Expect = pair => !pair.PassThrough && pair.Upstream is not (Proto.Anthropic or Proto.Responses)
                ? new ExpectError(ErrorClass.Invalid, "cannot take a document by URL (messages[0].content[1])", UpstreamCalled: false)
                : null,
        },

        new("pdf_url_fetched")
        {
            Applies = pair => pair.Client != Proto.OpenAI,
            Why = "an OpenAI client's file part has no URL form",
            FetchMediaUrls = true,
            Request = Ask(User(new TextBlock("Summarise this document."), new DocumentBlock(new MediaSource.Url(MediaServer.Base + "report.pdf", "application/pdf")))),
            Answer = _ => Text("An empty PDF."),
        },

        new("audio_base64")
        {
            // Anthropic and the Responses API take no audio (input_audio is Chat Completions only): their
            // clients cannot say this, their backends refuse it by name.
            Applies = pair => pair.Client is not (Proto.Anthropic or Proto.Responses),
            Why = "an Anthropic or Responses client cannot send audio",
            Request = Ask(User(new TextBlock("Transcribe this."), new AudioBlock(new MediaSource.Inline("audio/wav", Wav), "wav"))),
            Answer = _ => Text("(silence)"),
            Expect = pair => pair.Upstream is Proto.Anthropic or Proto.Responses
                ? new ExpectError(ErrorClass.Invalid, "cannot take audio input (messages[0].content[1])", UpstreamCalled: false)
                : null,
        },

        new("pdf_base64")
        {
            Request = Ask(User(new TextBlock("Summarise this document."), new DocumentBlock(new MediaSource.Inline("application/pdf", Pdf), "report.pdf"))),
            Answer = _ => Text("An empty PDF."),
        },
    ];
}
