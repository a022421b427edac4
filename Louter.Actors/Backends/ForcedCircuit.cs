namespace Louter.Actors.Backends;

/// <summary>An operator's override of a backend's circuit.</summary>
public enum ForcedCircuit
{
    /// <summary>No override: the circuit follows the backend's health.</summary>
    None,
    /// <summary>Routing skips the backend whatever its health.</summary>
    Open,
    /// <summary>Routing uses the backend whatever its health.</summary>
    Closed,
}
