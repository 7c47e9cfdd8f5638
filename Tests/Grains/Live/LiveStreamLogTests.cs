using System.Text;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Grains.Live;

/// <summary>
/// A card stream's numbered log without a cluster (issue 14 item 3): numbering across batches and reloads, the store
/// moving on under it, retention, and the resume decision, over the in-memory history store.
/// </summary>
public sealed class LiveStreamLogTests
{
    private const string Key = "/api/cards/ticker@default?()";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T06:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly LiveCardOptions _options = new() { RetainCount = 5, RetainAge = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task Batches_AreNumberedGapFree_AndALaterLogCarriesOnWithTheSameEpoch()
    {
        var store = new MemoryLiveHistoryStore(_time);
        var log = Log(store);
        Assert.True(await log.LoadAsync(CancellationToken.None));

        var first = await log.AppendAsync(Records(3));
        var second = await log.AppendAsync(Records(2));
        var reloaded = Log(store);
        var startedAnew = await reloaded.LoadAsync(CancellationToken.None);

        Assert.Equal(new long[] { 1, 2, 3 }, first.Messages!.Select(m => m.Seq));
        Assert.Equal(new long[] { 4, 5 }, second.Messages!.Select(m => m.Seq));
        Assert.Equal($"{log.Epoch}-5", second.Messages![^1].Id);
        Assert.False(startedAnew);
        Assert.Equal((log.Epoch, 5L), (reloaded.Epoch, reloaded.LastSeq));
        Assert.Equal(6L, (await reloaded.AppendAsync(Records(1))).Messages![0].Seq);
    }

    [Fact]
    public async Task AStoreThatMovedOn_IsReloaded_AndTheBatchNumberedAfterWhatIsStored()
    {
        var store = new MemoryLiveHistoryStore(_time);
        var stale = Log(store);
        await stale.LoadAsync(CancellationToken.None);
        var other = Log(store);
        await other.LoadAsync(CancellationToken.None);
        await other.AppendAsync(Records(4));

        var append = await stale.AppendAsync(Records(2));

        Assert.Equal(new long[] { 5, 6 }, append.Messages!.Select(m => m.Seq));
        Assert.False(append.Restarted);
        Assert.Equal(6, stale.LastSeq);
    }

    [Fact]
    public async Task AFailingStore_StoresNothing_AndNumbersNothing()
    {
        var log = new LiveStreamLog(Key, LiveWindow.None, new FailingStore(new MemoryLiveHistoryStore(_time)), _options, _time, NullLogger.Instance);
        await log.LoadAsync(CancellationToken.None);

        var append = await log.AppendAsync(Records(2));

        Assert.Null(append.Messages);
        Assert.False(append.StoreMovedOn);
        Assert.Equal(0, log.LastSeq);
        Assert.Null(log.Latest);
    }

    [Fact]
    public async Task Retention_KeepsTheNewestCount_AndResumeIsDecidedByWhatIsRetained()
    {
        var log = Log(new MemoryLiveHistoryStore(_time));
        await log.LoadAsync(CancellationToken.None);
        await log.AppendAsync(Records(8));

        var resumed = log.Subscribe(5, log.Epoch);
        var trimmedAway = log.Subscribe(2, log.Epoch);
        var otherEpoch = log.Subscribe(5, "another");
        var ahead = log.Subscribe(9, log.Epoch);

        Assert.Equal(new long[] { 4, 5, 6, 7, 8 }, log.After(0).Select(m => m.Seq));
        Assert.True(resumed.Recovered);
        Assert.Equal(new long[] { 6, 7, 8 }, resumed.Messages.Select(m => m.Seq));
        Assert.True(log.Subscribe(3, null).Recovered);
        Assert.All(new[] { trimmedAway, otherEpoch, ahead }, s => Assert.False(s.Recovered));
        Assert.All(new[] { trimmedAway, otherEpoch, ahead }, s => Assert.Equal(new long[] { 8 }, s.Messages.Select(m => m.Seq)));
        Assert.Equal(3, log.ResumableFrom);
    }

    [Fact]
    public async Task Retention_DropsWhatIsOlderThanTheRetainAge()
    {
        var log = Log(new MemoryLiveHistoryStore(_time));
        await log.LoadAsync(CancellationToken.None);
        await log.AppendAsync(Records(2));
        _time.Advance(TimeSpan.FromMinutes(2));
        await log.AppendAsync(Records(1));

        Assert.Equal(new long[] { 3 }, log.After(0).Select(m => m.Seq));
        Assert.False(log.Subscribe(1, log.Epoch).Recovered);
        Assert.True(log.Subscribe(2, log.Epoch).Recovered);
    }

    private LiveStreamLog Log(ILiveHistoryStore store) => new(Key, LiveWindow.None, store, _options, _time, NullLogger.Instance);

    private List<(byte[] Record, DateTimeOffset At)> Records(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (Encoding.UTF8.GetBytes($"{{\"value\":{i}}}"), _time.GetUtcNow()))];

    /// <summary>A store that loads and starts streams but cannot append: the database is down.</summary>
    private sealed class FailingStore(ILiveHistoryStore inner) : ILiveHistoryStore
    {
        public bool OutlivesSilo => inner.OutlivesSilo;

        public Task<LiveHistory> LoadAsync(string stream, int count, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
            inner.LoadAsync(stream, count, notBefore, cancellationToken);

        public Task<bool> StartAsync(string stream, string epoch, CancellationToken cancellationToken) => inner.StartAsync(stream, epoch, cancellationToken);

        public Task<bool> AppendAsync(string stream, string epoch, IReadOnlyList<LiveMessage> messages, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the store is down");

        public Task TrimAsync(string stream, long throughSeq, DateTimeOffset before, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ForgetIdleAsync(TimeSpan idleFor, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
