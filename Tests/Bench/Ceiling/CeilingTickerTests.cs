using Cereon.Bench.Ceiling;

namespace Cereon.Tests.Bench.Ceiling;

/// <summary>The ceiling's data messages are as large from its first tick as the showcase ticker's, whose window is full.</summary>
public sealed class CeilingTickerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheFirstTick_CarriesAFullWindow_OneIntervalAPoint()
    {
        var ticker = new CeilingTicker(Interval, Start);

        ticker.Tick(Start + Interval);

        Assert.Equal(1, ticker.Seq);
        Assert.Equal(CeilingFrames.WindowPoints, ticker.Window.Count);
        Assert.Equal(Start + Interval, ticker.Window.Last().At);
        Assert.All(ticker.Window.Zip(ticker.Window.Skip(1)), pair => Assert.Equal(Interval, pair.Second.At - pair.First.At));
    }

    [Fact]
    public void TheFirstMessage_IsAsLargeAsOnesMuchLater()
    {
        var ticker = new CeilingTicker(Interval, Start);
        ticker.Tick(Start + Interval);
        var first = CeilingFrames.DataHead("epoch", ticker.Seq, Start + Interval, ticker.Window).Length;
        for (var n = 2; n <= 500; n++)
        {
            ticker.Tick(Start + (n * Interval));
        }

        var later = CeilingFrames.DataHead("epoch", ticker.Seq, Start + (500 * Interval), ticker.Window).Length;

        Assert.Equal(CeilingFrames.WindowPoints, ticker.Window.Count);
        Assert.InRange(first, later * 0.97, later * 1.03);
    }
}
