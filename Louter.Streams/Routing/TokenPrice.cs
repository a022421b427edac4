namespace Louter.Streams.Routing;

/// <summary>USD per input and per output token.</summary>
public sealed record TokenPrice(double Input, double Output)
{
    /// <summary>What routing compares (prefer_text_model): input and output price together.</summary>
    public double Combined => Input + Output;
}
