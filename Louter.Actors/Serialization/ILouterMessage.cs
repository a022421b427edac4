namespace Louter.Actors.Serialization;

/// <summary>
/// Marks every message, event and snapshot that may cross a process boundary or reach the
/// journal. All of them go through <see cref="LouterSerializer"/>, with a stable manifest each.
/// </summary>
public interface ILouterMessage;
