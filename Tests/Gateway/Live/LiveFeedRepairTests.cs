using System.Text;
using Cereon.Gateway.Live;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Streams;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// A gateway's feed listening to a stream nobody publishes to is exactly the silence a crashed silo can leave behind
/// (memory streams do not redeliver what its queue held); the grain's history and lease answers must heal it.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class LiveFeedRepairTests(ClusterFixture fixture)
{
    [Fact]
    public async Task SilentFeed_IsFilledInOrder_AfterTwoChecksWithoutProgress_ThenHearsTheStreamAgain()
    {
        var (feed, grain, listener, stream) = await StartFeedAsync("e1");
        grain.Append(5);

        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));
        Assert.Empty(listener.Seqs);
        Assert.True(feed.Suspect);

        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));
        Assert.Equal([1, 2, 3, 4, 5], listener.Seqs);
        Assert.True(feed.Suspect);

        await stream.OnNextAsync(Message(6));
        await listener.WaitForAsync(6);
        Assert.Equal([1, 2, 3, 4, 5, 6], listener.Seqs);
        Assert.False(feed.Suspect);
    }

    [Fact]
    public async Task RepairedFeedThatStaysSilent_IsFilledOnEveryCheck()
    {
        var (feed, grain, listener, _) = await StartFeedAsync("e1");
        grain.Append(2);
        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));
        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));

        grain.Append(3);
        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2, 3, 4, 5], listener.Seqs);
        Assert.True(feed.Suspect);
    }

    [Fact]
    public async Task FeedThatHearsMessagesBetweenChecks_IsNotRepaired()
    {
        var (feed, grain, listener, _) = await StartFeedAsync("e1");
        grain.Append(5);

        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));
        await feed.OnNextAsync(Message(1));
        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));

        Assert.Equal([1], listener.Seqs);
        Assert.Equal(0, grain.HistoryReads);
        Assert.True(feed.Suspect);
    }

    [Fact]
    public async Task FeedThatIsUpToDate_IsNeverSuspect()
    {
        var (feed, grain, listener, _) = await StartFeedAsync("e1");
        grain.Append(2);
        await feed.OnNextAsync(Message(1));
        await feed.OnNextAsync(Message(2));

        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));
        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));

        Assert.False(feed.Suspect);
        Assert.Equal(0, grain.HistoryReads);
        Assert.Equal([1, 2], listener.Seqs);
    }

    [Fact]
    public async Task StreamThatStartedOver_RestartsOnlyListenersOfTheOldEpoch()
    {
        var (feed, grain, old, _) = await StartFeedAsync("e1");
        var current = new RecordingListener("e2");
        feed.Add(current);
        grain.Epoch = "e2";

        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));
        await feed.ReconcileAsync(grain.Position, TimeSpan.FromSeconds(10));

        Assert.Equal(1, old.Restarts);
        Assert.Equal(0, current.Restarts);
    }

    private async Task<(LiveFeed Feed, HistoryGrain Grain, RecordingListener Listener, IAsyncStream<LiveMessage> Stream)> StartFeedAsync(string epoch)
    {
        var key = $"feed-repair-{Keys.Fresh()}";
        var stream = fixture.Cluster.Client.GetStreamProvider(LiveStreams.ProviderName)
            .GetStream<LiveMessage>(StreamId.Create(LiveStreams.Namespace, key));
        var grain = new HistoryGrain { Epoch = epoch };
        var feed = new LiveFeed(key, grain, stream, new LiveLease("gateway", "default", "{}", CardCaller.Anonymous), NullLogger.Instance);
        var listener = new RecordingListener(epoch);
        feed.Add(listener);
        await feed.SubscribedAsync();
        feed.Started(new LiveSubscription(epoch, false, [], null, 0));
        return (feed, grain, listener, stream);
    }

    private static LiveMessage Message(long seq) =>
        new(seq, $"e1-{seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), Encoding.UTF8.GetBytes($$"""{"value":{{seq}}}"""));

    private sealed class RecordingListener(string epoch) : ILiveListener
    {
        private readonly Lock _gate = new();
        private readonly List<long> _seqs = [];

        public string Epoch { get; } = epoch;

        public int Restarts { get; private set; }

        public IReadOnlyList<long> Seqs
        {
            get
            {
                lock (_gate)
                {
                    return [.. _seqs];
                }
            }
        }

        public void OnLive(DataFrames frames)
        {
            lock (_gate)
            {
                _seqs.Add(frames.Message.Seq);
            }
        }

        public void Restart() => Restarts++;

        public async Task WaitForAsync(long seq)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (!Seqs.Contains(seq))
            {
                await Task.Delay(20, timeout.Token);
            }
        }
    }

    /// <summary>A live card's history and position, without a producer.</summary>
    private sealed class HistoryGrain : ILiveCardGrain
    {
        private readonly List<LiveMessage> _messages = [];

        public string Epoch { get; set; } = string.Empty;

        public int HistoryReads { get; private set; }

        public LiveStreamPosition Position => new(Epoch, _messages.Count);

        public void Append(int count)
        {
            for (var i = 0; i < count; i++)
            {
                _messages.Add(Message(_messages.Count + 1));
            }
        }

        public Task<IReadOnlyList<LiveMessage>> GetAfterAsync(long seq)
        {
            HistoryReads++;
            return Task.FromResult<IReadOnlyList<LiveMessage>>([.. _messages.Where(m => m.Seq > seq)]);
        }

        public Task<LiveStreamPosition> RenewLeaseAsync(LiveLease lease) => Task.FromResult(Position);

        public Task<LiveSubscription> SubscribeAsync(LiveSubscribeRequest request) => throw new NotSupportedException();

        public Task ReleaseLeaseAsync(string gatewayId) => Task.CompletedTask;

        public Task AckAsync(IReadOnlyDictionary<string, long> lastAcked) => Task.CompletedTask;

        public Task<PublishResult> PublishAsync(string recordJson, string paramsJson) => throw new NotSupportedException();

        public Task<string?> HandleClientMessageAsync(string messageJson, string paramsJson, CardCaller caller) => throw new NotSupportedException();
    }
}
