using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Live;
using Microsoft.Extensions.Logging;

namespace Cereon.Grains.Live;

/// <summary>
/// One card stream's numbered log: the epoch and the last seq, the store append that numbers each batch, the window
/// every message carries, the retained tail that resumes are served from, and the resume decision. Plain logic over
/// <see cref="ILiveHistoryStore"/>; its grain calls it on one thread at a time.
/// </summary>
internal sealed partial class LiveStreamLog(string key, LiveWindow window, ILiveHistoryStore history, LiveCardOptions options, TimeProvider time, ILogger logger)
{
    private readonly List<LiveMessage> _retained = [];
    private LiveWindowBuffer _window = new(window);

    public string Epoch { get; private set; } = string.Empty;

    public long LastSeq { get; private set; }

    // The last seq handed out: ahead of LastSeq while batches are on their way to the store.
    private long _numbered;

    /// <summary>The oldest retained seq, or the next seq when nothing is retained: what a resume can start after, less one.</summary>
    public long FirstRetainedSeq => _retained.Count > 0 ? _retained[0].Seq : LastSeq + 1;

    /// <summary>The newest message, which a subscriber that does not resume is sent first; null before any.</summary>
    public LiveMessage? Latest => _retained.Count > 0 ? _retained[^1] : null;

    /// <summary>
    /// Every message was stored before anyone received it, so the stored stream is never behind a client: carry on
    /// with its epoch and numbering. Only a stream never seen before (or whose store was wiped) starts anew; answers
    /// whether it did, since acknowledgements of an older epoch then mean nothing.
    /// </summary>
    public async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await history.LoadAsync(key, options.RetainCount, time.GetUtcNow() - options.RetainAge, cancellationToken);
        _retained.Clear();
        _window = new LiveWindowBuffer(window);
        if (stored.Epoch is null)
        {
            var epoch = Guid.NewGuid().ToString("N")[..12];
            if (await history.StartAsync(key, epoch, cancellationToken))
            {
                Epoch = epoch;
                LastSeq = 0;
                _numbered = 0;
                return true;
            }

            // A second activation (the directory can briefly have two while silos join) started the stream first;
            // taking its epoch keeps the clients it has numbered messages for able to resume.
            stored = await history.LoadAsync(key, options.RetainCount, time.GetUtcNow() - options.RetainAge, cancellationToken);
        }

        Epoch = stored.Epoch ?? throw new InvalidOperationException($"Live stream {key} exists but has no epoch.");
        LastSeq = stored.LastSeq;
        _numbered = LastSeq;
        foreach (var message in stored.Recent)
        {
            _retained.Add(Windowed(message));
        }

        return false;
    }

    /// <summary>
    /// Numbers and stores a batch of records made at the given times, then windows and retains it; the messages in
    /// order, or why there are none.
    /// </summary>
    public Task<LiveAppend> AppendAsync(IReadOnlyList<(byte[] Record, DateTimeOffset At)> batch) => FinishAsync(Begin(batch));

    /// <summary>
    /// Numbers a batch after every batch begun before it and sends it to the store at once, without waiting for those
    /// to be stored: while one batch commits, the next is already on its way. <see cref="FinishAsync"/> must then be
    /// called for the batches in the order they were begun.
    /// </summary>
    public LiveStoreAttempt Begin(IReadOnlyList<(byte[] Record, DateTimeOffset At)> batch, bool reloaded = false)
    {
        var behind = _numbered > LastSeq;
        var first = _numbered + 1;
        var messages = batch.Select((append, i) => new LiveMessage(first + i, $"{Epoch}-{first + i}", append.At, append.Record)).ToList();
        _numbered = messages[^1].Seq;
        return new LiveStoreAttempt(batch, messages, Store(messages), behind, reloaded);
    }

    /// <summary>Waits for a begun batch to be stored, then windows and retains it; the messages in order, or why there are none.</summary>
    public async Task<LiveAppend> FinishAsync(LiveStoreAttempt attempt)
    {
        var messages = attempt.Messages;
        try
        {
            var stored = await attempt.Stored;
            if (!stored && attempt.Behind && LastSeq == messages[0].Seq - 1)
            {
                // It reached the store before the batch ahead of it, which has been stored since: its turn has come.
                stored = await Store(messages);
            }

            if (!stored)
            {
                // The stored stream moved on without this log: a restore gave it a new epoch, or (rarely) another
                // activation wrote to it. Take up what is stored and try once more; if it moves again, the caller
                // steps aside so the next call finds one consistent owner.
                LogStoreMovedOn(logger, key);
                if (attempt.Reloaded)
                {
                    return LiveAppend.MovedOn;
                }

                var restarted = await LoadAsync(CancellationToken.None);
                var retried = await FinishAsync(Begin(attempt.Batch, reloaded: true));
                return retried with { Restarted = retried.Restarted || restarted };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down: refuse these messages rather than deliver any that a crash could take back. Batches
            // begun after this one were numbered after it: they find the store's head elsewhere, reload and are
            // numbered again (or, had this one been stored after all, are stored right after it).
            LogAppendFailed(logger, key, ex);
            return LiveAppend.Failed;
        }

        if (messages[0].Seq != LastSeq + 1)
        {
            // Stored after messages this log does not hold (a batch ahead of it failed here but was committed there):
            // take the stream up as stored, which these messages are now part of (windowed, unless no longer retained).
            var restarted = await LoadAsync(CancellationToken.None);
            List<LiveMessage> kept = [.. _retained.Where(m => m.Seq >= messages[0].Seq && m.Seq <= messages[^1].Seq)];
            return new LiveAppend(kept.Count == messages.Count ? kept : messages, restarted, false);
        }

        LastSeq = messages[^1].Seq;
        for (var i = 0; i < messages.Count; i++)
        {
            messages[i] = Windowed(messages[i]);
            _retained.Add(messages[i]);
        }

        Trim();
        return new LiveAppend(messages, false, false);
    }

    /// <summary>Acknowledgements older than this can no longer be resumed from; their grain forgets them.</summary>
    public long ResumableFrom => (_retained.Count > 0 ? _retained[0].Seq : LastSeq) - 1;

    /// <summary>
    /// What a subscriber starts with: everything after <paramref name="after"/> when it can resume from there in
    /// <paramref name="epoch"/> (this epoch when it names none), else the newest message.
    /// </summary>
    public LiveSubscription Subscribe(long? after, string? epoch) =>
        after is { } resumeAfter && CanResume(resumeAfter, epoch ?? Epoch)
            ? new LiveSubscription(Epoch, true, After(resumeAfter), null, LastSeq)
            : new LiveSubscription(Epoch, false, Latest is { } latest ? [latest] : [], null, LastSeq);

    /// <summary>Whether a client that received everything through <paramref name="after"/> of <paramref name="epoch"/> can be sent the rest.</summary>
    public bool CanResume(long after, string epoch) =>
        epoch == Epoch && after <= LastSeq && after >= FirstRetainedSeq - 1;

    /// <summary>The retained messages after <paramref name="seq"/>, oldest first.</summary>
    public IReadOnlyList<LiveMessage> After(long seq) => [.. _retained.Where(m => m.Seq > seq)];

    /// <summary>Drops what is past the retained count or age from memory.</summary>
    public void Trim()
    {
        var excess = _retained.Count - options.RetainCount;
        if (excess > 0)
        {
            _retained.RemoveRange(0, excess);
        }

        var oldest = time.GetUtcNow() - options.RetainAge;
        var expired = _retained.FindIndex(m => m.Timestamp >= oldest);
        _retained.RemoveRange(0, expired < 0 ? _retained.Count : expired);
    }

    /// <summary>Drops from the store what is no longer retained here, which also marks the stream as in use.</summary>
    public Task TrimStoreAsync(CancellationToken cancellationToken) =>
        history.TrimAsync(key, FirstRetainedSeq - 1, time.GetUtcNow() - options.RetainAge, cancellationToken);

    // Async so that a store failing at once fails the attempt's task, which FinishAsync handles, rather than Begin.
    private async Task<bool> Store(List<LiveMessage> messages) =>
        await history.AppendAsync(key, Epoch, [.. messages], CancellationToken.None);

    /// <summary>The message with the window as it stands after it, built once here for every gateway and socket.</summary>
    private LiveMessage Windowed(LiveMessage message) =>
        message with { Windowed = _window.Add(message.Record, message.Timestamp) };

    [LoggerMessage(Level = LogLevel.Error, Message = "Live card stream {Key} could not store a message; it was not delivered")]
    private static partial void LogAppendFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card stream {Key} moved on in the store; reloading it")]
    private static partial void LogStoreMovedOn(ILogger logger, string key);
}

/// <summary>
/// What one append came to: the stored messages, or none because the store failed or moved on twice; and whether the
/// stream had started anew on the way (a reload found it gone).
/// </summary>
internal sealed record LiveAppend(IReadOnlyList<LiveMessage>? Messages, bool Restarted, bool StoreMovedOn)
{
    public static LiveAppend Failed { get; } = new(null, false, false);

    public static LiveAppend MovedOn { get; } = new(null, false, true);
}

/// <summary>
/// A batch numbered and sent to the store: the records as queued, their messages, and the store's answer to come;
/// <c>Behind</c> when batches begun before it were still on their way.
/// </summary>
internal sealed record LiveStoreAttempt(
    IReadOnlyList<(byte[] Record, DateTimeOffset At)> Batch, List<LiveMessage> Messages, Task<bool> Stored, bool Behind, bool Reloaded);
