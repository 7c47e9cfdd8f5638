using Cereon.Grains.Interfaces.Live;
using Cereon.Tests.Infrastructure;
using Orleans.Streams;

namespace Cereon.Tests.Grains.Live;

/// <summary>
/// A group commit reaches the card stream as one stream item (issue 13 item 6): one hand-off to the stream's queue per
/// stored batch instead of one per message, in order and gap-free.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class PublishBatchTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ConcurrentPublishes_ReachTheStreamInBatches_InOrder_WithoutGaps()
    {
        const int Publishes = 200;
        var key = LiveCardKeys.For("/api/cards/room_live", $"room-{Keys.Fresh()}", "{}");
        var grain = fixture.Cluster.Client.GetGrain<ILiveCardGrain>(key);
        var stream = fixture.Cluster.Client.GetStreamProvider(LiveStreams.ProviderName)
            .GetStream<LiveMessage>(StreamId.Create(LiveStreams.Namespace, key));
        var observer = new BatchRecorder(Publishes);
        var subscription = await stream.SubscribeAsync(observer);
        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(1, Publishes).Select(n => grain.PublishAsync($"{{\"value\":{n}}}", "{}")));
            var batches = await observer.All.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var seqs = batches.SelectMany(b => b).ToList();
            Assert.All(answers, a => Assert.Null(a.Error));
            Assert.Equal(answers.Select(a => a.Seq).Order(), seqs);
            Assert.Equal(Enumerable.Range(0, Publishes).Select(i => seqs[0] + i), seqs);
            Assert.True(batches.Count < Publishes, $"{Publishes} publishes reached the stream as {batches.Count} items");
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>Records the seqs of each stream item as it was delivered, one list per item.</summary>
    private sealed class BatchRecorder(int expected) : IAsyncBatchObserver<LiveMessage>
    {
        private readonly List<List<long>> _batches = [];
        private int _seen;

        public TaskCompletionSource<List<List<long>>> All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnNextAsync(IList<SequentialItem<LiveMessage>> items)
        {
            lock (_batches)
            {
                _batches.Add([.. items.Select(i => i.Item.Seq)]);
                _seen += items.Count;
                if (_seen >= expected)
                {
                    All.TrySetResult([.. _batches]);
                }
            }

            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex)
        {
            All.TrySetException(ex);
            return Task.CompletedTask;
        }
    }
}
