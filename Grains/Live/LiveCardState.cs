using Cereon.Grains.Interfaces.Live;

namespace Cereon.Grains.Live;

/// <summary>What a live card stream persists: its numbering, its retained history and its subscribers' acks.</summary>
[GenerateSerializer, Alias("cereon.live-card-state")]
internal sealed class LiveCardState
{
    /// <summary>Changes whenever history may have been lost, so that seqs of an older epoch are never trusted.</summary>
    [Id(0)] public string Epoch { get; set; } = string.Empty;

    [Id(1)] public long LastSeq { get; set; }

    [Id(2)] public List<LiveMessage> Retained { get; set; } = [];

    [Id(3)] public Dictionary<string, long> Acks { get; set; } = [];

    /// <summary>True only when the last activation wrote everything before it ended.</summary>
    [Id(4)] public bool ClosedCleanly { get; set; }
}
