using Cereon.Grains.Demo;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Grains.Demo;

/// <summary>The demo's live cards tick at a fixed rate, whatever time their consumer takes over each tick.</summary>
public sealed class LiveTicksTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    /// <summary>Generous, for a tick that is due: the test fails by this timeout only if the tick never comes.</summary>
    private static readonly TimeSpan Due = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ATick_IsDueOnePeriodAfterThePrevious_NotOnePeriodAfterTheConsumerReturns()
    {
        var time = new FakeTimeProvider();
        await using var ticks = LiveTicks.Every(Period, time, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await ticks.MoveNextAsync().AsTask().WaitAsync(Due));
        time.Advance(TimeSpan.FromMilliseconds(30));
        var second = ticks.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(70));

        Assert.True(await second.WaitAsync(Due));
        Assert.Equal(1, ticks.Current);
    }

    [Fact]
    public async Task AConsumerSlowerThanThePeriod_GetsTheNextTickAtOnce_ThenTheRateResumesOnItsGrid()
    {
        var time = new FakeTimeProvider();
        await using var ticks = LiveTicks.Every(Period, time, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await ticks.MoveNextAsync().AsTask().WaitAsync(Due));

        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.True(await ticks.MoveNextAsync().AsTask().WaitAsync(Due));
        var third = ticks.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(50));

        Assert.True(await third.WaitAsync(Due));
        Assert.Equal(2, ticks.Current);
    }
}
