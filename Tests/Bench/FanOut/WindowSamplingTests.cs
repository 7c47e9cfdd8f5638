using Cereon.Bench.FanOut;
using FsCheck.Xunit;

namespace Cereon.Tests.Bench.FanOut;

/// <summary>
/// The fan-out window samples the server's RSS until it closes. A negative wait is a hang or a crash, not a short
/// wait: Task.Delay reads -1 ms as "forever" and throws below it, which stalled a full run after its 1,000-socket
/// window.
/// </summary>
public sealed class WindowSamplingTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(2.5)]
    [InlineData(1000)]
    public void PastTheWindow_NoFurtherSample(double pastMs) =>
        Assert.Null(WindowSampling.NextDelay(Window, Window + TimeSpan.FromMilliseconds(pastMs), Interval));

    [Fact]
    public void AtTheEnd_NoFurtherSample() =>
        Assert.Null(WindowSampling.NextDelay(Window, Window, Interval));

    [Fact]
    public void InsideTheWindow_WaitsTheIntervalOrTheRest()
    {
        Assert.Equal(Interval, WindowSampling.NextDelay(Window, TimeSpan.FromSeconds(3), Interval));
        Assert.Equal(TimeSpan.FromMilliseconds(300), WindowSampling.NextDelay(Window, Window - TimeSpan.FromMilliseconds(300), Interval));
    }

    /// <summary>Around the window's end, where a sample's own cost carries the clock past it, in steps of 0.1 ms.</summary>
    [Property]
    public bool EveryWait_IsOneTaskDelayFinishes(int offsetTenthsOfMs)
    {
        var elapsed = Window + TimeSpan.FromMicroseconds(100.0 * offsetTenthsOfMs);
        var delay = WindowSampling.NextDelay(Window, elapsed, Interval);
        return delay is null || (delay.Value > TimeSpan.Zero && delay.Value <= Interval);
    }
}
