namespace Cereon.Grains.Live;

/// <summary>
/// The last acknowledged seq of each subscription cursor of a card stream, kept in grain state and written at most
/// once per flush interval, so a burst of acknowledgements costs one storage write.
/// </summary>
internal sealed class LiveAcks(IPersistentState<LiveCardState> state, TimeSpan flushInterval)
{
    private DateTimeOffset _lastFlush;

    /// <summary>Changed since the last write.</summary>
    public bool Dirty { get; private set; }

    public long? Of(string cursor) => state.State.Acks.TryGetValue(cursor, out var acked) ? acked : null;

    public void Record(IReadOnlyDictionary<string, long> lastAcked)
    {
        var acks = state.State.Acks;
        foreach (var (cursor, seq) in lastAcked)
        {
            acks[cursor] = Math.Max(seq, acks.GetValueOrDefault(cursor));
        }

        Dirty = true;
    }

    /// <summary>The stream started anew: acknowledgements of its old epoch mean nothing.</summary>
    public void Clear() => state.State.Acks.Clear();

    /// <summary>An ack older than what is retained cannot be resumed from; forgetting it keeps the table bounded.</summary>
    public void ForgetBefore(long seq)
    {
        var acks = state.State.Acks;
        foreach (var stale in acks.Where(a => a.Value < seq).Select(a => a.Key).ToList())
        {
            acks.Remove(stale);
            Dirty = true;
        }
    }

    /// <summary>Changed, and the flush interval has passed since the last write.</summary>
    public bool Due(DateTimeOffset now) => Dirty && now - _lastFlush >= flushInterval;

    /// <summary>Forgets what can no longer be resumed from and writes the table.</summary>
    public async Task FlushAsync(DateTimeOffset now, long forgetBefore, CancellationToken cancellationToken)
    {
        ForgetBefore(forgetBefore);
        Dirty = false;
        _lastFlush = now;
        await state.WriteStateAsync(cancellationToken);
    }

    /// <summary>The last write when the grain goes, if anything changed since.</summary>
    public async Task WriteIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (Dirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }
}
