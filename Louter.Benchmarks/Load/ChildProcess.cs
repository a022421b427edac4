using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Louter.Benchmarks.Load;

/// <summary>
/// A server the harness started: its output kept (last lines, for the error message when it will
/// not come up), its readiness awaited by polling a URL, and the whole process tree killed on dispose
/// so no run leaves a port taken.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly long _started;

    private ChildProcess(Process process)
    {
        _process = process;
        _started = Stopwatch.GetTimestamp();
    }

    public string Name { get; private init; } = "";
    public int Id => _process.Id;

    /// <summary>Time from process start to the first successful readiness probe.</summary>
    public TimeSpan StartToReady { get; private set; }

    /// <summary>
    /// Runs a command to its end (not a server): its output captured, the process tree killed and
    /// <see cref="TimeoutException"/> thrown if it outlasts <paramref name="limit"/>
    /// (<see cref="OperationCanceledException"/> if <paramref name="cancellationToken"/> stops it first).
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(string fileName, IEnumerable<string> arguments, TimeSpan limit,
        CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var info = StartInfo(fileName, arguments, workingDirectory);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var overrun = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overrun.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(overrun.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{fileName} ran over {limit}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Output and error redirected, arguments passed as a list (no shell quoting).</summary>
    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string? workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = StartInfo(fileName, arguments, workingDirectory);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process) { Name = name };
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx, the process exits, or <paramref name="timeout"/> passes.</summary>
    public async Task WaitReadyAsync(HttpClient http, Uri url, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready:\n{Tail()}");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await http.GetAsync(url, probe.Token);
                if (response.IsSuccessStatusCode)
                {
                    StartToReady = Stopwatch.GetElapsedTime(_started);
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException)
            {
                // probe timed out; try again
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        throw new TimeoutException($"{Name} was not ready at {url} within {timeout.TotalSeconds:0}s:\n{Tail()}");
    }

    /// <summary>Resident set size now, in bytes (VmRSS).</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public string Tail()
    {
        lock (_tail) return string.Join('\n', _tail);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }
        catch (OperationCanceledException)
        {
            // did not exit in time; nothing more we can do without a broad kill
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 40) _tail.Dequeue();
        }
    }

    /// <summary>A loopback port nothing listens on right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
