namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// The request log's file: appends lines, rotates by size and by age, and deletes rotated files
/// beyond the retention (a count of files, or an age). Used by the writer's single thread only.
/// Age is counted from when Louter opened the file, so a restart starts a new interval.
/// </summary>
internal sealed class RotatingFile : IDisposable
{
    private readonly string _path;
    private readonly long? _maxBytes;
    private readonly TimeSpan? _interval;
    private readonly int? _retainFiles;
    private readonly TimeSpan? _retainFor;
    private readonly TimeProvider _time;
    private FileStream _stream;
    private DateTimeOffset _openedAt;

    public RotatingFile(string path, long? maxBytes, TimeSpan? interval, int? retainFiles, TimeSpan? retainFor, TimeProvider time)
    {
        _path = System.IO.Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _interval = interval;
        _retainFiles = retainFiles;
        _retainFor = retainFor;
        _time = time;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        _stream = Open();
        ApplyRetention();
    }

    public string FilePath => _path;

    /// <summary>Appends one whole line (with its newline), rotating first when it would not fit or the file is too old.</summary>
    public void Write(ReadOnlySpan<byte> line)
    {
        if (_stream.Length > 0 && (TooBig(line.Length) || TooOld())) Rotate();
        _stream.Write(line);
    }

    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    private bool TooBig(int adding) => _maxBytes is { } max && _stream.Length + adding > max;

    private bool TooOld() => _interval is { } interval && _time.GetUtcNow() - _openedAt >= interval;

    private void Rotate()
    {
        _stream.Dispose();
        File.Move(_path, RotatedFiles.NameFor(_path, _time.GetUtcNow()));
        _stream = Open();
        ApplyRetention();
    }

    private FileStream Open()
    {
        _openedAt = _time.GetUtcNow();
        // ReadWrite + Delete sharing: `louter logs` and tail -f may read it while Louter writes.
        return new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024);
    }

    private void ApplyRetention()
    {
        var rotated = RotatedFiles.Find(_path);
        var cutoff = _retainFor is { } age ? _time.GetUtcNow() - age : DateTimeOffset.MinValue;
        for (var i = 0; i < rotated.Count; i++)
        {
            var tooMany = _retainFiles is { } keep && i < rotated.Count - keep;
            if (tooMany || rotated[i].RotatedAt < cutoff) File.Delete(rotated[i].Path);
        }
    }
}
