using System.Text;
using Louter.Host.Observability.RequestLog;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Observability;

/// <summary>The request log's file rotates by size and by age, and keeps only what retention allows.</summary>
public sealed class RequestLogRotationTests
{
    private readonly FakeTimeProvider _time = new(RequestLogTestData.Start);
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("louter-reqlog-").FullName, "requests.jsonl");

    private static byte[] Line(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n},\"pad\":\"{new string('x', 23)}\"}}\n"); // 40 bytes

    private static string[] Lines(string path) => File.ReadAllLines(path).Select(l => l[5..l.IndexOf(',', StringComparison.Ordinal)]).ToArray();

    [Fact]
    public void Write_PastRotateSize_MovesTheFileAsideUnderATimestampedName()
    {
        using (var file = new RotatingFile(_path, maxBytes: 100, interval: null, retainFiles: null, retainFor: null, _time))
        {
            for (var n = 1; n <= 5; n++) file.Write(Line(n));
        }

        var rotated = RotatedFiles.Find(_path);
        Assert.Equal(["requests.20250301T120000Z.jsonl", "requests.20250301T120000Z-1.jsonl"], rotated.Select(r => Path.GetFileName(r.Path)));
        Assert.Equal(["1", "2"], Lines(rotated[0].Path));
        Assert.Equal(["3", "4"], Lines(rotated[1].Path));
        Assert.Equal(["5"], Lines(_path));
    }

    [Fact]
    public void Write_AfterRotateInterval_StartsANewFile()
    {
        using (var file = new RotatingFile(_path, maxBytes: null, interval: TimeSpan.FromHours(1), retainFiles: null, retainFor: null, _time))
        {
            file.Write(Line(1));
            _time.Advance(TimeSpan.FromMinutes(59));
            file.Write(Line(2));
            _time.Advance(TimeSpan.FromMinutes(1));
            file.Write(Line(3));
        }

        var rotated = Assert.Single(RotatedFiles.Find(_path));
        Assert.Equal(RequestLogTestData.Start.AddHours(1), rotated.RotatedAt);
        Assert.Equal(["1", "2"], Lines(rotated.Path));
        Assert.Equal(["3"], Lines(_path));
    }

    [Fact]
    public void Retention_AsACount_KeepsOnlyTheNewestRotatedFiles()
    {
        using (var file = new RotatingFile(_path, maxBytes: 40, interval: null, retainFiles: 2, retainFor: null, _time))
        {
            for (var n = 1; n <= 5; n++)
            {
                file.Write(Line(n));
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var rotated = RotatedFiles.Find(_path);
        Assert.Equal([["3"], ["4"]], rotated.Select(r => Lines(r.Path)));
        Assert.Equal(["5"], Lines(_path));
    }

    [Fact]
    public void Retention_AsAnAge_DeletesRotatedFilesOlderThanIt()
    {
        using (var file = new RotatingFile(_path, maxBytes: 40, interval: null, retainFiles: null, retainFor: TimeSpan.FromHours(2), _time))
        {
            file.Write(Line(1));
            file.Write(Line(2)); // rotates 1 out at 12:00
            _time.Advance(TimeSpan.FromHours(1));
            file.Write(Line(3)); // rotates 2 out at 13:00
            _time.Advance(TimeSpan.FromHours(1.5));
            file.Write(Line(4)); // rotates 3 out at 14:30; 12:00 is now older than 2h
        }

        Assert.Equal([["2"], ["3"]], RotatedFiles.Find(_path).Select(r => Lines(r.Path)));
    }

    [Fact]
    public void Find_IgnoresFilesThatOnlyLookAlike()
    {
        var dir = Path.GetDirectoryName(_path)!;
        File.WriteAllText(_path, "");
        File.WriteAllText(Path.Combine(dir, "requests.backup.jsonl"), "");
        File.WriteAllText(Path.Combine(dir, "requests.20250301T120000Z.jsonl.gz"), "");
        File.WriteAllText(Path.Combine(dir, "other.20250301T120000Z.jsonl"), "");
        File.WriteAllText(Path.Combine(dir, "requests.20250301T110000Z.jsonl"), "");

        Assert.Equal(["requests.20250301T110000Z.jsonl"], RotatedFiles.Find(_path).Select(r => Path.GetFileName(r.Path)));
    }
}
