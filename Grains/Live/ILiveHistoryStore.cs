using Cereon.Grains.Interfaces.Live;

namespace Cereon.Grains.Live;

/// <summary>
/// Where live card streams keep their numbered messages. Every message is stored before it is delivered, so after a
/// silo crash the stream continues from the last seq any client can have seen: resume stays gap-free.
/// </summary>
public interface ILiveHistoryStore
{
    /// <summary>
    /// False when the history lives and dies with this silo (the embedded default, whose grain storage is in memory
    /// too): then nothing a stream writes while its silo shuts down can ever be read again.
    /// </summary>
    bool OutlivesSilo { get; }

    /// <summary>The stream's epoch and last seq (null epoch: never used), with its newest retained messages in order.</summary>
    Task<LiveHistory> LoadAsync(string stream, int count, DateTimeOffset notBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a stream never seen before under <paramref name="epoch"/>, forgetting any messages left without a head;
    /// false when the stream exists already (another activation started it meanwhile: load it instead).
    /// </summary>
    Task<bool> StartAsync(string stream, string epoch, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the next messages, numbered consecutively from the stream's next seq, all or none (a group commit of
    /// concurrent publishes); false when the stream's epoch or seq has moved on (another activation owns it now).
    /// </summary>
    Task<bool> AppendAsync(string stream, string epoch, IReadOnlyList<LiveMessage> messages, CancellationToken cancellationToken);

    /// <summary>Forgets messages with seq up to <paramref name="throughSeq"/> or produced before <paramref name="before"/>.</summary>
    Task TrimAsync(string stream, long throughSeq, DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets every stream, head and messages, that has been neither started, loaded, appended to nor trimmed for
    /// <paramref name="idleFor"/>. A stream's grain trims it at least every 30 s while the stream has a producer or
    /// viewers, so such a stream has neither; used again, it starts under a new epoch, which tells resuming clients
    /// that what they saw is gone.
    /// </summary>
    Task ForgetIdleAsync(TimeSpan idleFor, CancellationToken cancellationToken);
}
