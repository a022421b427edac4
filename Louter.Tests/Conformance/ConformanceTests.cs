using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Conformance;

/// <summary>
/// The conformance matrix (STYLE habit 12): every case of <see cref="ConformanceCases"/> for every
/// client protocol × backend column × answer mode it applies to, each a row of its own, so
/// <c>dotnet test --filter FullyQualifiedName~Conformance --logger "console;verbosity=normal"</c>
/// prints the matrix, and <see cref="ConformanceMatrix"/> writes it as Markdown. No keys, no network:
/// both ends are Louter's own codecs.
/// </summary>
public sealed class ConformanceTests(ActorSystemFixture akka, ConformanceMatrix matrix) : IClassFixture<ActorSystemFixture>, IClassFixture<ConformanceMatrix>
{
    public static IEnumerable<TheoryDataRow<Proto, Column, Mode, string>> Matrix()
    {
        foreach (var c in ConformanceCases.All)
        {
            foreach (var client in Enum.GetValues<Proto>())
            {
                foreach (var backend in Enum.GetValues<Column>())
                {
                    // Only Gemini has a JSON-array stream (its raw REST callers, without alt=sse).
                    foreach (var mode in ConformanceMatrix.ModesOf(client))
                    {
                        var pair = new Pair(client, backend, mode);
                        if (!c.AppliesTo(pair)) continue;
                        yield return new TheoryDataRow<Proto, Column, Mode, string>(client, backend, mode, c.Name)
                        {
                            TestDisplayName = "Conformance",
                        };
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Exchange_KeepsItsMeaningBetweenClientAndBackendProtocols(Proto client, Column backend, Mode mode, string @case)
    {
        var pair = new Pair(client, backend, mode);
        try
        {
            await new ConformanceRunner(akka.Materializer).RunAsync(pair, ConformanceCases.ByName(@case), TestContext.Current.CancellationToken);
        }
        catch (Exception e)
        {
            matrix.Record(pair, @case, e);
            throw;
        }
        matrix.Record(pair, @case, null);
    }
}
