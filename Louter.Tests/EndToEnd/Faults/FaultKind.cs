namespace Louter.Tests.EndToEnd.Faults;

/// <summary>How one loopback backend of a <see cref="FaultBench"/> misbehaves.</summary>
public enum FaultKind
{
    /// <summary>Answers every request at once.</summary>
    Healthy,

    /// <summary>Nothing listens on its port: every connection is refused.</summary>
    Refused,

    /// <summary>Answers 503 with an OpenAI error body.</summary>
    Unavailable,

    /// <summary>Answers only after its backend's <c>timeout</c> has passed, so every attempt times out.</summary>
    TimesOut,

    /// <summary>Answers correctly, but only after a delay well within its <c>timeout</c>.</summary>
    Slow,

    /// <summary>Answers 429 with <c>Retry-After: 1</c>.</summary>
    RateLimited,
}
