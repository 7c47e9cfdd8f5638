using System.Collections.Concurrent;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Grains.Live;

/// <summary>
/// History kept in this silo's memory: survives grain deactivation, not the silo. The embedded default's store; a
/// stream that moves to another silo starts a new epoch there, so no client trusts a seq that was lost. Streams left
/// unused are forgotten (<see cref="ForgetIdleAsync"/>), so invented topics and parameters leave nothing behind.
/// </summary>
internal sealed class MemoryLiveHistoryStore(TimeProvider time) : ILiveHistoryStore
{
    private readonly ConcurrentDictionary<string, Stream> _streams = new(StringComparer.Ordinal);

    public bool OutlivesSilo => false;

    public Task<LiveHistory> LoadAsync(string stream, int count, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(stream, out var stored))
        {
            return Task.FromResult(new LiveHistory(null, 0, []));
        }

        lock (stored)
        {
            stored.LastUsed = time.GetUtcNow();
            var recent = stored.Messages.Where(m => m.Timestamp >= notBefore).TakeLast(count).ToList();
            return Task.FromResult(new LiveHistory(stored.Epoch, stored.LastSeq, recent));
        }
    }

    public Task<bool> StartAsync(string stream, string epoch, CancellationToken cancellationToken) =>
        Task.FromResult(_streams.TryAdd(stream, new Stream(epoch) { LastUsed = time.GetUtcNow() }));

    public Task<bool> AppendAsync(string stream, string epoch, IReadOnlyList<LiveMessage> messages, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(stream, out var stored))
        {
            return Task.FromResult(false);
        }

        lock (stored)
        {
            if (stored.Forgotten || stored.Epoch != epoch || messages.Count == 0 || messages[0].Seq != stored.LastSeq + 1)
            {
                return Task.FromResult(false);
            }

            stored.Messages.AddRange(messages);
            stored.LastSeq = messages[^1].Seq;
            stored.LastUsed = time.GetUtcNow();
            return Task.FromResult(true);
        }
    }

    public Task TrimAsync(string stream, long throughSeq, DateTimeOffset before, CancellationToken cancellationToken)
    {
        if (_streams.TryGetValue(stream, out var stored))
        {
            lock (stored)
            {
                stored.Messages.RemoveAll(m => m.Seq <= throughSeq || m.Timestamp < before);
                stored.LastUsed = time.GetUtcNow();
            }
        }

        return Task.CompletedTask;
    }

    public Task ForgetIdleAsync(TimeSpan idleFor, CancellationToken cancellationToken)
    {
        var idleSince = time.GetUtcNow() - idleFor;
        foreach (var (name, stored) in _streams)
        {
            lock (stored)
            {
                if (stored.LastUsed < idleSince)
                {
                    stored.Forgotten = true;
                    _streams.TryRemove(new KeyValuePair<string, Stream>(name, stored));
                }
            }
        }

        return Task.CompletedTask;
    }

    private sealed class Stream(string epoch)
    {
        public string Epoch { get; } = epoch;

        public long LastSeq { get; set; }

        public DateTimeOffset LastUsed { get; set; }

        /// <summary>Removed: an append that found it just before must fail rather than store into nothing.</summary>
        public bool Forgotten { get; set; }

        public List<LiveMessage> Messages { get; } = [];
    }
}
