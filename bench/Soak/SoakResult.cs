namespace Cereon.Bench.Soak;

/// <summary>What a soak measured, and the two judgements issue 12 asks of it.</summary>
internal sealed record SoakResult(
    SoakSettings Settings,
    IReadOnlyList<RssSample> Curve,
    long Requests,
    long FailedRequests,
    long TopicAnswers,
    long TopicRefusals,
    int Subscribed,
    int StillSubscribed)
{
    /// <summary>
    /// How far above the baseline memory may stay once the churn has stopped. The same load without churn runs
    /// before and after, so what is left above the baseline is what the churn left behind; 10 % leaves room for a
    /// different point in the GC's cycle and for the sampling, not for anything the churn kept.
    /// </summary>
    public const double ComeBackTolerance = 0.10;

    /// <summary>How much of the end of a phase its level is taken over.</summary>
    public static readonly TimeSpan LevelWindow = TimeSpan.FromMinutes(2);

    /// <summary>Growth over the steady phase: the median of its last three samples over the median of its first three.</summary>
    public double SteadyGrowth
    {
        get
        {
            var steady = Curve.Where(s => s.Phase == SoakPhases.Steady).Select(s => s.KiB).ToList();
            return steady.Count < 2 ? 0 : Median(steady.TakeLast(3)) / Median(steady.Take(3)) - 1;
        }
    }

    public double SteadyMaxMiB => Curve.Where(s => s.Phase == SoakPhases.Steady).Select(s => s.MiB).DefaultIfEmpty().Max();

    /// <summary>RSS the load without churn settles at before the churn starts: the level of the end of the baseline.</summary>
    public double BaselineMiB => Level(SoakPhases.Baseline);

    /// <summary>RSS once the churn has stopped: the level of the end of the cool-down.</summary>
    public double AfterMiB => Level(SoakPhases.CoolDown);

    /// <summary>Memory came back down: after the cool-down, RSS is within <see cref="ComeBackTolerance"/> of the baseline.</summary>
    public bool CameDown => BaselineMiB > 0 && AfterMiB <= BaselineMiB * (1 + ComeBackTolerance);

    public bool Met => SteadyGrowth < 0.05 && CameDown && FailedRequests == 0 && StillSubscribed == Subscribed;

    /// <summary>
    /// The lowest sample over the last <see cref="LevelWindow"/> of a phase: RSS saws between gen-2 collections, and
    /// its low points are what the process still holds; the high points are the GC's allocation budget.
    /// </summary>
    private double Level(string phase)
    {
        var samples = Curve.Where(s => s.Phase == phase).ToList();
        if (samples.Count == 0)
        {
            return 0;
        }

        var from = samples[^1].At - LevelWindow;
        return samples.Where(s => s.At >= from).Min(s => s.MiB);
    }

    private static double Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
