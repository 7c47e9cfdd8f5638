using Cereon.Silo.Memory;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Silo.Memory;

/// <summary>
/// When a silo gives back the memory of collected activations: once many of them have gone and the count has stopped
/// falling, at most once per interval, and never while the churn keeps the count where it is. One check every 30 s.
/// </summary>
public sealed class MemoryReclaimTriggerTests
{
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void WhenTheChurnsActivationsAreCollected_ItReclaimsOnce_AfterTheCountSettles()
    {
        var trigger = new MemoryReclaimTrigger(500, MinInterval, _time);

        // The churn's kept activations, then Orleans' idle collection over two quanta, then nothing more to collect.
        var decisions = Run(trigger, 1_012, 1_010, 1_011, 140, 12, 12, 12, 13);

        Assert.Equal([null, null, null, null, null, 1_000, null, null], decisions);
    }

    [Fact]
    public void UnderSteadyChurn_ItNeverReclaims()
    {
        var trigger = new MemoryReclaimTrigger(500, MinInterval, _time);

        // Kept activations stay at the budget while parameter sets past it come and go between checks.
        var counts = Enumerable.Range(0, 200).Select(i => 1_000L + (i * 7 % 13)).ToArray();

        Assert.All(Run(trigger, counts), decision => Assert.Null(decision));
    }

    [Fact]
    public void FewerActivationsGone_ThanTheThreshold_DoNotReclaim()
    {
        var trigger = new MemoryReclaimTrigger(500, MinInterval, _time);

        Assert.All(Run(trigger, 600, 600, 101, 101, 101), decision => Assert.Null(decision));
    }

    [Fact]
    public void ASecondFall_WithinTheInterval_WaitsForIt()
    {
        var trigger = new MemoryReclaimTrigger(500, MinInterval, _time);
        Assert.Equal(990, Run(trigger, 1_000, 10, 10)[^1]);

        // A second churn and its collection, all within five minutes of the first reclaim.
        var soon = Run(trigger, 1_500, 1_500, 20, 20);
        Assert.All(soon, decision => Assert.Null(decision));

        _time.Advance(MinInterval);
        Assert.Equal(1_480, trigger.Check(20));
    }

    [Fact]
    public void AfterAReclaim_ItCountsFromWhatIsLeft()
    {
        var trigger = new MemoryReclaimTrigger(500, MinInterval, _time);
        Run(trigger, 1_000, 10, 10);
        _time.Advance(MinInterval);

        // 400 more came and went: under the threshold, counted from the 10 left at the reclaim.
        Assert.All(Run(trigger, 410, 10, 10), decision => Assert.Null(decision));
    }

    private long?[] Run(MemoryReclaimTrigger trigger, params long[] counts) =>
        counts.Select(count =>
        {
            _time.Advance(Check);
            return trigger.Check(count);
        }).ToArray();
}
