using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Louter.Host.Config;
using Louter.Streams.Metrics;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// The request log ([logging] request_log): requests hand over entries through a bounded queue and
/// never wait; one background task serializes them as JSON Lines into a rotating file. A full queue
/// drops the entry and counts it in louter_request_log_dropped_total. On host stop the queue is
/// drained and the file flushed.
/// </summary>
internal sealed partial class RequestLogWriter : IHostedService, IAsyncDisposable
{
    /// <summary>Largest request or response body kept per entry with capture = "full"; a longer one is cut (and then written as a string).</summary>
    public const int MaxCapturedBody = 1024 * 1024;

    private readonly LoggingConfig _config;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger<RequestLogWriter> _logger;
    private readonly Channel<RequestLogEntry>? _queue;
    private Task? _loop;

    public RequestLogWriter(LoggingConfig config, TimeProvider time, Func<double> random, ILogger<RequestLogWriter> logger)
    {
        _config = config;
        _time = time;
        _random = random;
        _logger = logger;
        if (config.RequestLog is null) return;
        _queue = Channel.CreateBounded<RequestLogEntry>(new BoundedChannelOptions(config.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite only: a full queue refuses, it never blocks
        });
    }

    public bool Enabled => _queue is not null;

    public RequestLogCapture Capture => _config.Capture;

    /// <summary>Whether this request goes to the log: every error, and successes at sample_rate.</summary>
    public bool ShouldLog(bool isError) =>
        _queue is not null && (isError || _config.SampleRate >= 1 || (_config.SampleRate > 0 && _random() < _config.SampleRate));

    /// <summary>Hands an entry to the writer without waiting; false (and counted) when the queue is full or closed.</summary>
    public bool TryEnqueue(RequestLogEntry entry)
    {
        if (_queue is null) return false;
        if (_queue.Writer.TryWrite(entry)) return true;
        LouterMetrics.RequestLogDropped.Inc();
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_queue is not null && _loop is null)
        {
            // The file is opened here, so a path Louter cannot write fails the start, not every request.
            var file = new RotatingFile(_config.RequestLog!, _config.RotateSize, _config.RotateInterval, _config.RetainFiles, _config.RetainFor, _time);
            _loop = Task.Run(() => RunAsync(_queue.Reader, file), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Closes the queue and waits until every entry already in it is written and the file flushed.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_queue is null) return;
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task RunAsync(ChannelReader<RequestLogEntry> reader, RotatingFile file)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        await using var json = new Utf8JsonWriter(buffer, RequestLogSerializer.WriterOptions);
        using (file)
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var entry))
                {
                    try
                    {
                        buffer.ResetWrittenCount();
                        json.Reset(buffer);
                        RequestLogSerializer.Write(json, entry);
                        json.Flush();
                        buffer.Write("\n"u8);
                        file.Write(buffer.WrittenSpan);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or ArgumentException)
                    {
                        LogWriteFailed(e, file.FilePath, entry.RequestId);
                    }
                }

                // One flush per burst: the queue is drained first, so a busy gateway writes in large blocks.
                try
                {
                    file.Flush();
                }
                catch (IOException e)
                {
                    LogWriteFailed(e, file.FilePath, "(flush)");
                }
            }
        }
    }
}
