using System.Text;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Grains.Live;

/// <summary>
/// The group commit of a card stream with batches on their way to the store at once (issue 13 item 6): the next
/// batch is sent while the one before it commits, and whatever order the store sees them in, or fails them in, every
/// publish is answered only once stored, with gap-free seqs handed on in order. A store whose appends wait until the
/// test lets it see them stands in for the database; everything runs on one exclusive scheduler, as on a grain's.
/// </summary>
public sealed class LiveAppendQueueTests
{
    // A demo card's route: the queue records its batches on the process-wide meter, which the metrics tests of the
    // same test run scrape, and they require every card label to be a catalog route.
    private const string Key = "/api/cards/showcase_ticker@default?()";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly GatedStore _store;
    private readonly LiveStreamLog _log;
    private readonly List<long[]> _handedOn = [];

    public LiveAppendQueueTests()
    {
        _store = new GatedStore(new MemoryLiveHistoryStore(_time));
        _log = new LiveStreamLog(Key, LiveWindow.None, _store, new LiveCardOptions(), _time, NullLogger.Instance);
    }

    [Fact]
    public Task TheNextBatch_IsSent_WhileTheOneBeforeItIsBeingStored() => OnOneScheduler(async () =>
    {
        var queue = await QueueAsync(maxInFlight: 2);

        var appends = Enumerable.Range(1, 3).Select(n => queue.AppendAsync(Record(n), _time.GetUtcNow())).ToList();
        var sentBeforeTheFirstWasStored = _store.Waiting;
        _store.Open = true;
        await _store.ReleaseAsync(0);
        await _store.ReleaseAsync(0);

        Assert.Equal(2, sentBeforeTheFirstWasStored);
        Assert.Equal(new long[] { 1, 2, 3 }, (await Task.WhenAll(appends)).Select(m => m!.Seq));
        Assert.Equal([[1], [2], [3]], _handedOn);
    });

    [Fact]
    public Task ABatchThatReachesTheStoreBeforeTheOneAheadOfIt_IsStoredInItsTurn_WithoutReloading() => OnOneScheduler(async () =>
    {
        var queue = await QueueAsync(maxInFlight: 2);

        var first = queue.AppendAsync(Record(1), _time.GetUtcNow());
        var second = queue.AppendAsync(Record(2), _time.GetUtcNow());
        _store.Open = true;
        await _store.ReleaseAsync(1);
        var secondBeforeTheFirstWasStored = second.IsCompleted;
        await _store.ReleaseAsync(0);

        Assert.False(secondBeforeTheFirstWasStored);
        Assert.Equal(1, (await first)!.Seq);
        Assert.Equal(2, (await second)!.Seq);
        Assert.Equal([[1], [2]], _handedOn);
        Assert.Equal(1, _store.Loads);
        Assert.Equal(2, _log.LastSeq);
    });

    [Fact]
    public Task WhenTheStoreFailsABatch_ItIsNotAnswered_AndTheBatchesBehindItAreNumberedAfterWhatIsStored() => OnOneScheduler(async () =>
    {
        var queue = await QueueAsync(maxInFlight: 2);

        var failed = queue.AppendAsync(Record(1), _time.GetUtcNow());
        var behind = new[] { queue.AppendAsync(Record(2), _time.GetUtcNow()), queue.AppendAsync(Record(3), _time.GetUtcNow()) };
        _store.Open = true;
        await _store.FailAsync(0, committed: false);
        await _store.ReleaseAsync(0);

        Assert.Null(await failed);
        Assert.Equal(new long[] { 1, 2 }, (await Task.WhenAll(behind)).Select(m => m!.Seq));
        Assert.Equal([[1], [2]], _handedOn);
        Assert.Equal(2, (await _store.LoadAsync(Key, 10, DateTimeOffset.MinValue, CancellationToken.None)).LastSeq);
    });

    [Fact]
    public Task WhenABatchFailsHereButWasStoredThere_TheBatchesBehindItAreAnswered_AndTheLogTakesItUp() => OnOneScheduler(async () =>
    {
        var queue = await QueueAsync(maxInFlight: 2);

        var lost = queue.AppendAsync(Record(1), _time.GetUtcNow());
        var behind = new[] { queue.AppendAsync(Record(2), _time.GetUtcNow()), queue.AppendAsync(Record(3), _time.GetUtcNow()) };
        await _store.FailAsync(0, committed: true);
        _store.Open = true;
        await _store.ReleaseAllAsync();

        Assert.Null(await lost);
        Assert.Equal(new long[] { 2, 3 }, (await Task.WhenAll(behind)).Select(m => m!.Seq));
        Assert.Equal([[2], [3]], _handedOn);
        Assert.Equal(3, _log.LastSeq);
        Assert.Equal(new long[] { 1, 2, 3 }, _log.After(0).Select(m => m.Seq));
    });

    [Fact]
    public Task APublish_IsAnsweredOnceStored_WhileTheBatchBeforeItIsStillBeingHandedOn() => OnOneScheduler(async () =>
    {
        var firstHandOff = new TaskCompletionSource();
        var queue = await QueueAsync(maxInFlight: 1, messages => messages[0].Seq == 1 ? firstHandOff.Task : Task.CompletedTask);
        _store.Open = true;

        var first = queue.AppendAsync(Record(1), _time.GetUtcNow());
        var second = queue.AppendAsync(Record(2), _time.GetUtcNow());
        var answeredBeforeTheFirstWasHandedOn = second.IsCompleted;
        firstHandOff.SetResult();
        await queue.HandingOn;

        Assert.True(answeredBeforeTheFirstWasHandedOn);
        Assert.Equal(1, (await first)!.Seq);
        Assert.Equal(2, (await second)!.Seq);
        Assert.Equal([[1], [2]], _handedOn);
    });

    private async Task<LiveAppendQueue> QueueAsync(int maxInFlight, Func<IReadOnlyList<LiveMessage>, Task>? handOn = null)
    {
        await _log.LoadAsync(CancellationToken.None);
        return new LiveAppendQueue(
            Key,
            batch =>
            {
                var attempt = _log.Begin(batch);
                return async () => (await _log.FinishAsync(attempt)).Messages;
            },
            messages =>
            {
                _handedOn.Add([.. messages.Select(m => m.Seq)]);
                return handOn?.Invoke(messages) ?? Task.CompletedTask;
            },
            maxBatch: 500,
            maxInFlight,
            NullLogger.Instance);
    }

    private static byte[] Record(int value) => Encoding.UTF8.GetBytes($"{{\"value\":{value}}}");

    /// <summary>Runs the test where its continuations run one at a time, as the queue's do on its grain's scheduler.</summary>
    private static Task OnOneScheduler(Func<Task> test) =>
        Task.Factory.StartNew(test, CancellationToken.None, TaskCreationOptions.None, new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler).Unwrap();

    /// <summary>
    /// A history store whose appends wait, in the order sent, until the test lets the store see them (in any order),
    /// or fails them; once open, appends pass straight through.
    /// </summary>
    private sealed class GatedStore(ILiveHistoryStore inner) : ILiveHistoryStore
    {
        private readonly List<(string Epoch, LiveMessage[] Messages, TaskCompletionSource<bool> Done)> _waiting = [];

        public bool Open { get; set; }

        public int Waiting => _waiting.Count;

        public int Loads { get; private set; }

        public bool OutlivesSilo => inner.OutlivesSilo;

        public Task<LiveHistory> LoadAsync(string stream, int count, DateTimeOffset notBefore, CancellationToken cancellationToken)
        {
            Loads++;
            return inner.LoadAsync(stream, count, notBefore, cancellationToken);
        }

        public Task<bool> StartAsync(string stream, string epoch, CancellationToken cancellationToken) => inner.StartAsync(stream, epoch, cancellationToken);

        public Task<bool> AppendAsync(string stream, string epoch, IReadOnlyList<LiveMessage> messages, CancellationToken cancellationToken)
        {
            if (Open)
            {
                return inner.AppendAsync(stream, epoch, messages, cancellationToken);
            }

            var done = new TaskCompletionSource<bool>();
            _waiting.Add((epoch, [.. messages], done));
            return done.Task;
        }

        /// <summary>The store sees the waiting append at <paramref name="index"/> now and answers it.</summary>
        public async Task ReleaseAsync(int index)
        {
            var (epoch, messages, done) = Take(index);
            done.SetResult(await inner.AppendAsync(Key, epoch, messages, CancellationToken.None));
        }

        /// <summary>The store sees every waiting append now, oldest first.</summary>
        public async Task ReleaseAllAsync()
        {
            while (_waiting.Count > 0)
            {
                await ReleaseAsync(0);
            }
        }

        /// <summary>The append at <paramref name="index"/> fails, after the store kept it when <paramref name="committed"/>.</summary>
        public async Task FailAsync(int index, bool committed)
        {
            var (epoch, messages, done) = Take(index);
            if (committed)
            {
                Assert.True(await inner.AppendAsync(Key, epoch, messages, CancellationToken.None));
            }

            done.SetException(new IOException("the connection to the store was lost"));
        }

        public Task TrimAsync(string stream, long throughSeq, DateTimeOffset before, CancellationToken cancellationToken) =>
            inner.TrimAsync(stream, throughSeq, before, cancellationToken);

        public Task ForgetIdleAsync(TimeSpan idleFor, CancellationToken cancellationToken) => inner.ForgetIdleAsync(idleFor, cancellationToken);

        private (string Epoch, LiveMessage[] Messages, TaskCompletionSource<bool> Done) Take(int index)
        {
            var waiting = _waiting[index];
            _waiting.RemoveAt(index);
            return waiting;
        }
    }
}
