namespace Cereon.Bench.FanOut;

/// <summary>When the next RSS sample of a measured window is due.</summary>
internal static class WindowSampling
{
    /// <summary>
    /// The wait before the next sample, or <see langword="null"/> once the window is over. Never zero or negative:
    /// the sample itself can carry the clock past the window's end, and <see cref="Task.Delay(TimeSpan)"/> reads
    /// -1 ms as "forever" (the stall of a full run after its 1,000-socket window) and throws below it.
    /// </summary>
    public static TimeSpan? NextDelay(TimeSpan window, TimeSpan elapsed, TimeSpan interval)
    {
        var left = window - elapsed;
        if (left <= TimeSpan.Zero)
        {
            return null;
        }

        return left < interval ? left : interval;
    }
}
