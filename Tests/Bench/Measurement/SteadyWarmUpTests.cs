using Cereon.Bench.Measurement;

namespace Cereon.Tests.Bench.Measurement;

/// <summary>
/// A read comparison warms each server until it stops getting faster: two windows in a row that do not beat the best
/// before them by 3 %, within the least and most warm-up time.
/// </summary>
public sealed class SteadyWarmUpTests
{
    private static readonly TimeSpan Least = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan Most = TimeSpan.FromSeconds(30);

    [Fact]
    public void AServerStillGettingFaster_IsNotWarm_AfterTheLeastWarmUp()
    {
        // The shape of a silo's first 8 s under wrk: the JIT is still tiering its request path.
        Assert.False(SteadyWarmUp.IsDone([14_000, 21_000, 30_000, 38_000], TimeSpan.FromSeconds(8), Least, Most));
    }

    [Fact]
    public void TwoWindowsInARow_WithoutAGain_MakeAServerWarm()
    {
        Assert.True(SteadyWarmUp.IsDone([14_000, 38_000, 45_000, 45_500, 44_000], TimeSpan.FromSeconds(10), Least, Most));
    }

    [Fact]
    public void OneFlatWindow_BetweenGains_IsNotEnough()
    {
        Assert.False(SteadyWarmUp.IsDone([14_000, 38_000, 38_200, 45_000, 45_100], TimeSpan.FromSeconds(10), Least, Most));
    }

    [Fact]
    public void AServerAlreadySteady_StillWarmsForTheLeastTime()
    {
        Assert.False(SteadyWarmUp.IsDone([70_000, 70_100], TimeSpan.FromSeconds(4), Least, Most));
        Assert.True(SteadyWarmUp.IsDone([70_000, 70_100, 69_800], TimeSpan.FromSeconds(6), Least, Most));
    }

    [Fact]
    public void WarmUp_StopsAtTheMostTime_EvenWhileGaining()
    {
        double[] gaining = [.. Enumerable.Range(1, 15).Select(i => i * 10_000.0)];

        Assert.True(SteadyWarmUp.IsDone(gaining, TimeSpan.FromSeconds(30), Least, Most));
    }
}
