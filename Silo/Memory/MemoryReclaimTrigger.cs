namespace Cereon.Silo.Memory;

/// <summary>
/// Decides, from the silo's activation count taken at each check, when to give back the memory of activations Orleans
/// has collected: once at least <c>activationsGone</c> have gone since the most the silo held after its last reclaim,
/// and the count has stopped falling (Orleans collects in waves, one per collection quantum), and no sooner than
/// <c>minInterval</c> after the last reclaim. Under steady churn the count stays near its peak, so it never fires there.
/// </summary>
internal sealed class MemoryReclaimTrigger(long activationsGone, TimeSpan minInterval, TimeProvider time)
{
    private long _peak;
    private long? _previous;
    private DateTimeOffset? _lastReclaim;

    /// <summary>How many activations went since the peak when a reclaim is due now, otherwise null.</summary>
    public long? Check(long activations)
    {
        var settled = _previous is { } previous && activations >= previous;
        _previous = activations;
        _peak = Math.Max(_peak, activations);
        var gone = _peak - activations;
        var now = time.GetUtcNow();
        if (!settled || gone < activationsGone || (_lastReclaim is { } last && now - last < minInterval))
        {
            return null;
        }

        _lastReclaim = now;
        _peak = activations;
        return gone;
    }
}
