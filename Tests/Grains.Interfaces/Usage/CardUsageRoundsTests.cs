using Cereon.Grains.Interfaces.Usage;
using Microsoft.Extensions.Time.Testing;

namespace Cereon.Tests.Grains.Interfaces.Usage;

/// <summary>The usage reporters' shared round loop, on a fake clock: which failures it rides out and which end it.</summary>
public sealed class CardUsageRoundsTests
{
    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(TimeoutException))]
    [InlineData(typeof(OrleansException))]
    public async Task AnUnreachableCluster_FailsOneRound_AndTheNextRoundRuns(Type failure)
    {
        var time = new FakeTimeProvider();
        var failures = new List<Exception>();
        var rounds = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var round = 0;
        using var stop = new CancellationTokenSource();
        var loop = CardUsageRounds.RunAsync(
            time,
            () =>
            {
                rounds[round].SetResult();
                return round++ == 0 ? throw (Exception)Activator.CreateInstance(failure, "cluster away")! : Task.CompletedTask;
            },
            failures.Add,
            () => { },
            stop.Token);

        time.Advance(CardUsageReporting.Interval);
        await rounds[0].Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(CardUsageReporting.Interval);
        await rounds[1].Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.IsType(failure, Assert.Single(failures));
    }

    [Fact]
    public async Task ABugInARound_EndsTheLoop_WithItsException()
    {
        var time = new FakeTimeProvider();
        var failures = new List<Exception>();
        var loop = CardUsageRounds.RunAsync(
            time, () => throw new ArgumentException("bad snapshot"), failures.Add, () => { }, CancellationToken.None);

        time.Advance(CardUsageReporting.Interval);

        await Assert.ThrowsAsync<ArgumentException>(() => loop.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Stopping_EndsTheLoop_AndSaysSo()
    {
        var stopped = false;
        using var stop = new CancellationTokenSource();
        var loop = CardUsageRounds.RunAsync(new FakeTimeProvider(), () => Task.CompletedTask, _ => { }, () => stopped = true, stop.Token);

        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stopped);
    }
}
