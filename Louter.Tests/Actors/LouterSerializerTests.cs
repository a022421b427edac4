using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Louter.Actors.Backends;
using Louter.Actors.Serialization;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Actors;

public sealed class LouterSerializerTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private readonly LouterSerializer _serializer = new((ExtendedActorSystem)akka.System);

    /// <summary>Every message type with its manifest, written out as literals: changing one breaks stored journals.</summary>
    public static TheoryData<ILouterMessage, string> Messages => new()
    {
        { new ForceCircuit("openai", ForcedCircuit.Open), "backend.force-circuit.v1" },
        { new GetBackendState("openai"), "backend.get-state.v1" },
        { new BackendStateChanged("openai", CircuitState.HalfOpen, ForcedCircuit.None, 42, Up: false, OpenUntil: null, HalfOpenProbes: 3), "backend.state-changed.v2" },
        { new CircuitForced(ForcedCircuit.Closed), "backend.circuit-forced.v1" },
        { new BackendState("openai", CircuitState.Open, ForcedCircuit.Closed, long.MaxValue, 3, new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), "connection refused"), "backend.state.v2" },
        { new RecordOutcome("openai", HealthSignal.Unreachable), "backend.record-outcome.v1" },
        { new GetBackendHealth("openai"), "backend.get-health.v1" },
        { new BackendHealth("openai", CircuitState.Open, CircuitState.HalfOpen, ForcedCircuit.Open, false, null, 2, 10, 6, 1, 0, "trial request failed",
            new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), true, 7), "backend.health.v1" },
        { new CircuitOpened(new DateTimeOffset(2030, 1, 2, 3, 4, 35, TimeSpan.Zero), 1, "5 consecutive failures"), "backend.circuit-opened.v1" },
        { new CircuitHalfOpened("open duration over"), "backend.circuit-half-opened.v1" },
        { new CircuitClosed("trial request succeeded"), "backend.circuit-closed.v1" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Manifest_EachType_IsItsStableName(ILouterMessage message, string manifest)
    {
        Assert.Equal(manifest, _serializer.Manifest(message));
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void RoundTrip_EachType_ComesBackEqual(ILouterMessage message, string manifest)
    {
        var bytes = _serializer.ToBinary(message);

        var back = _serializer.FromBinary(bytes, manifest);

        Assert.Equal(message, back);
        Assert.Equal(message.GetType(), back.GetType());
        Assert.DoesNotContain(message.GetType().Name, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_CoverEveryLouterMessageType()
    {
        // A new message type without a manifest would fail only once it crossed the wire or reached the journal.
        var all = typeof(ILouterMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILouterMessage).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal);

        var covered = Messages.Select(row => row.Data.Item1.GetType().FullName).Order(StringComparer.Ordinal);

        Assert.Equal(all, covered);
    }

    [Fact]
    public void ToBinary_Enums_AreWrittenAsNames()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(new BackendStateChanged("b", CircuitState.Open, ForcedCircuit.Closed, 3)));

        Assert.Equal("""{"backend_name":"b","circuit":"Open","forced":"Closed","version":3,"up":true,"open_until":null,"half_open_probes":1}""", json);
    }

    [Fact]
    public void FromBinary_StateChangedV1_ReadsWithHealthDefaults()
    {
        var back = _serializer.FromBinary("""{"backend_name":"b","circuit":"Open","forced":"Open","version":3}"""u8.ToArray(), "backend.state-changed.v1");

        Assert.Equal(new BackendStateChanged("b", CircuitState.Open, ForcedCircuit.Open, 3, Up: true, OpenUntil: null, HalfOpenProbes: 1), back);
    }

    [Fact]
    public void FromBinary_SnapshotV1_ReadsAsClosedHealthWithoutTrips()
    {
        // A snapshot written before health tracking existed: only the override and the version.
        var back = _serializer.FromBinary("""{"name":"b","circuit":"Closed","forced":"Open","version":100}"""u8.ToArray(), "backend.state.v1");

        Assert.Equal(new BackendState("b", CircuitState.Closed, ForcedCircuit.Open, 100), back);
    }

    [Fact]
    public void ToBinary_CircuitOpened_IsSnakeCaseWithIsoTime()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(new CircuitOpened(new DateTimeOffset(2030, 1, 2, 3, 4, 35, TimeSpan.Zero), 2, "connection refused")));

        Assert.Equal("""{"until":"2030-01-02T03:04:35+00:00","trip":2,"reason":"connection refused"}""", json);
    }

    [Fact]
    public void FromBinary_EnumNameFromAnOlderWriter_IsRead()
    {
        var back = _serializer.FromBinary("""{"mode":"Open"}"""u8.ToArray(), "backend.circuit-forced.v1");

        Assert.Equal(new CircuitForced(ForcedCircuit.Open), back);
    }

    [Fact]
    public void Identifier_IsAboveAkkasReservedRange()
    {
        Assert.Equal(7411, _serializer.Identifier);
    }

    [Fact]
    public void FromBinary_UnknownManifest_Throws()
    {
        Assert.Throws<SerializationException>(() => _serializer.FromBinary("{}"u8.ToArray(), "backend.force-circuit.v99"));
    }

    [Fact]
    public void FromBinary_NullPayload_Throws()
    {
        Assert.Throws<SerializationException>(() => _serializer.FromBinary("null"u8.ToArray(), "backend.get-state.v1"));
    }

    [Fact]
    public void ManifestAndToBinary_ForeignType_Throw()
    {
        Assert.Throws<ArgumentException>(() => _serializer.Manifest("not a louter message"));
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary(42));
    }
}
