namespace Louter.Streams.Pipeline;

/// <summary>Aborts a request graph when the client goes away; never shown to anyone.</summary>
public sealed class ClientDisconnectedException() : Exception("The client disconnected.");
