using Cereon.Bench.Measurement;
using Cereon.Bench.Streaming;

namespace Cereon.Tests.Bench.Streaming;

/// <summary>
/// The large stream is read until it stops getting faster before any read is measured: a fresh silo serves its first
/// 50 reads of 100,000 records at about a third of its later rate while the JIT tiers the record path.
/// </summary>
public sealed class BulkWarmUpTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Most = TimeSpan.FromSeconds(30);
    private static readonly WarmUpLimits Limits = new(Window, TimeSpan.FromSeconds(15), Most);

    [Fact]
    public async Task AStreamStillGettingFaster_IsReadUntilItIsSteady()
    {
        // 20 MB reads at 150 MB/s for 60 reads (8 s), then at 500 MB/s.
        var reads = new FakeStream(read => read < 60 ? 150 : 500);
        var tally = new BulkReads();

        var warmUp = await StreamingScenario.WarmUpAsync(reads.ReadAsync, Limits, tally, CancellationToken.None);

        Assert.True(reads.Made > 60, $"warm-up stopped after {reads.Made} reads, still on the slow ones");
        Assert.InRange(warmUp.Warmed, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(18));
        Assert.InRange(warmUp.WindowRates[0], 149, 151);
        Assert.InRange(warmUp.WindowRates[^1], 499, 501);
        Assert.Equal(reads.Made, tally.Result().Reads);
        Assert.Null(tally.Result().MegabytesPerSecond);
    }

    [Fact]
    public async Task AStreamThatNeverSettles_IsWarmedForTheMostTime()
    {
        var reads = new FakeStream(read => 100 + read);
        var warmUp = await StreamingScenario.WarmUpAsync(reads.ReadAsync, Limits, new BulkReads(), CancellationToken.None);

        Assert.InRange(warmUp.Warmed, Most, Most + Window);
    }

    [Fact]
    public async Task AReadThatEndsEarly_DuringWarmUp_IsStillCounted()
    {
        var reads = new FakeStream(_ => 400, abortAt: 3);
        var tally = new BulkReads();

        await StreamingScenario.WarmUpAsync(reads.ReadAsync, Limits, tally, CancellationToken.None);

        Assert.Equal([1234], tally.Result().Aborted);
    }

    /// <summary>20 MB reads at the given MB/s for each read's index, timed without waiting.</summary>
    private sealed class FakeStream(Func<int, double> megabytesPerSecond, int abortAt = -1)
    {
        private static readonly byte[] Body = new byte[20_000_000];

        public int Made { get; private set; }

        public Task<BulkRead> ReadAsync(CancellationToken cancellationToken)
        {
            var index = Made++;
            var elapsed = TimeSpan.FromSeconds(Body.Length / 1e6 / megabytesPerSecond(index));
            return Task.FromResult(new BulkRead(Body, elapsed, index == abortAt ? 1234 : null));
        }
    }
}
