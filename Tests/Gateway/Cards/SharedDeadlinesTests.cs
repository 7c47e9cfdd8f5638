using Cereon.Gateway.Cards;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>Read deadlines shared within a quarter second: each fires no sooner than the timeout, and not much later.</summary>
public sealed class SharedDeadlinesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void ReadsInOneQuarterSecond_ShareADeadline_AndTheNextQuarterGetsItsOwn()
    {
        var time = new FakeTimeProvider();
        var deadlines = new SharedDeadlines(Timeout, time);

        var first = deadlines.Next();
        time.Advance(TimeSpan.FromMilliseconds(200));
        var sameQuarter = deadlines.Next();
        time.Advance(TimeSpan.FromMilliseconds(100));
        var nextQuarter = deadlines.Next();

        Assert.Equal(first, sameQuarter);
        Assert.NotEqual(first, nextQuarter);
    }

    [Fact]
    public void Deadline_FiresNoSoonerThanTheTimeout_ForTheLastReadOfItsQuarter_AndWithinAQuarterMoreForTheFirst()
    {
        var time = new FakeTimeProvider();
        var deadlines = new SharedDeadlines(Timeout, time);
        var first = deadlines.Next();
        time.Advance(TimeSpan.FromMilliseconds(249));
        var last = deadlines.Next();

        time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(last.IsCancellationRequested);

        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.True(first.IsCancellationRequested);
        Assert.True(last.IsCancellationRequested);
    }
}
