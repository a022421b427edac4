namespace Louter.Host.Observability.RequestLog;

internal sealed partial class RequestLogWriter
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Request log {Path}: could not write the entry of {RequestId}")]
    private partial void LogWriteFailed(Exception exception, string path, string requestId);
}
