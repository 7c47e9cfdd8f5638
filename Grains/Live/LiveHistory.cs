using Cereon.Grains.Interfaces.Live;

namespace Cereon.Grains.Live;

/// <summary>A live card stream as stored: its epoch (null if new), last seq and newest retained messages.</summary>
public sealed record LiveHistory(string? Epoch, long LastSeq, IReadOnlyList<LiveMessage> Recent);
