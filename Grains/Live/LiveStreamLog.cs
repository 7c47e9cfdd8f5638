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
                return true;
            }

            // A second activation (the directory can briefly have two while silos join) started the stream first;
            // taking its epoch keeps the clients it has numbered messages for able to resume.
            stored = await history.LoadAsync(key, options.RetainCount, time.GetUtcNow() - options.RetainAge, cancellationToken);
        }

        Epoch = stored.Epoch ?? throw new InvalidOperationException($"Live stream {key} exists but has no epoch.");
        LastSeq = stored.LastSeq;
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
    public async Task<LiveAppend> AppendAsync(IReadOnlyList<(byte[] Record, DateTimeOffset At)> batch, bool reloaded = false)
    {
        var first = LastSeq + 1;
        var messages = batch.Select((append, i) => new LiveMessage(first + i, $"{Epoch}-{first + i}", append.At, append.Record)).ToList();
        try
        {
            if (!await history.AppendAsync(key, Epoch, messages, CancellationToken.None))
            {
                // The stored stream moved on without this log: a restore gave it a new epoch, or (rarely) another
                // activation wrote to it. Take up what is stored and try once more; if it moves again, the caller
                // steps aside so the next call finds one consistent owner.
                LogStoreMovedOn(logger, key);
                if (reloaded)
                {
                    return LiveAppend.MovedOn;
                }

                var restarted = await LoadAsync(CancellationToken.None);
                var retried = await AppendAsync(batch, reloaded: true);
                return retried with { Restarted = retried.Restarted || restarted };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is down: refuse these messages rather than deliver any that a crash could take back.
            LogAppendFailed(logger, key, ex);
            return LiveAppend.Failed;
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
