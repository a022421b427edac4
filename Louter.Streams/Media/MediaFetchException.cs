namespace Louter.Streams.Media;

/// <summary>Why a media URL could not be fetched, in words safe to show the client.</summary>
public sealed class MediaFetchException(string reason) : Exception(reason);
