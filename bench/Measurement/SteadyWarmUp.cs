namespace Cereon.Bench.Measurement;

/// <summary>
/// When a server under load has stopped getting faster. The JIT goes on tiering a silo's request path for 20 to 40 s
/// under wrk (BENCHMARKS.md, "Session 6: warm-up"), so a fixed few seconds of warm-up measured a silo still speeding
/// up beside a bare Kestrel that is warm at once.
/// </summary>
internal static class SteadyWarmUp
{
    /// <summary>A window has to beat the best one before it by this share to show the server is still warming.</summary>
    public const double Gain = 0.03;

    /// <summary>Windows in a row without that gain that show the server is warm: one alone may be a neighbour's burst.</summary>
    public const int FlatWindows = 2;

    /// <summary>Whether a warm-up of <paramref name="warmed"/> so far, with these rates (req/s, MB/s) per window in order, is done.</summary>
    public static bool IsDone(IReadOnlyList<double> windows, TimeSpan warmed, TimeSpan least, TimeSpan most)
    {
        if (warmed >= most)
        {
            return true;
        }

        if (warmed < least)
        {
            return false;
        }

        var best = 0.0;
        var flatInARow = 0;
        foreach (var rate in windows)
        {
            flatInARow = rate > best * (1 + Gain) ? 0 : flatInARow + 1;
            best = Math.Max(best, rate);
        }

        return flatInARow >= FlatWindows;
    }
}

/// <summary>Warm-up in windows of <paramref name="Window"/>, for at least <paramref name="Least"/> and at most <paramref name="Most"/>.</summary>
internal sealed record WarmUpLimits(TimeSpan Window, TimeSpan Least, TimeSpan Most);
