namespace Louter.Host.Config;

/// <summary>A 1-based line and column in a config file; (0, 0) when unknown.</summary>
internal readonly record struct SourcePosition(int Line, int Column);
