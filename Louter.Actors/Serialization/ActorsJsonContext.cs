using System.Text.Json.Serialization;
using Louter.Actors.Backends;

namespace Louter.Actors.Serialization;

/// <summary>Source-generated JSON for persisted and remoted messages. Enums are written as names, so reordering one is safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ForceCircuit))]
[JsonSerializable(typeof(GetBackendState))]
[JsonSerializable(typeof(BackendStateChanged))]
[JsonSerializable(typeof(CircuitForced))]
[JsonSerializable(typeof(BackendState))]
[JsonSerializable(typeof(RecordOutcome))]
[JsonSerializable(typeof(GetBackendHealth))]
[JsonSerializable(typeof(BackendHealth))]
[JsonSerializable(typeof(CircuitOpened))]
[JsonSerializable(typeof(CircuitHalfOpened))]
[JsonSerializable(typeof(CircuitClosed))]
internal sealed partial class ActorsJsonContext : JsonSerializerContext;
