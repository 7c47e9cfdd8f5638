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
    public double AfterMiB => AfterEachCycleMiB[^1];

    /// <summary>The level at the end of each cycle's cool-down: a churn that leaves memory behind each time shows as a rise.</summary>
    public IReadOnlyList<double> AfterEachCycleMiB => [.. Enumerable.Range(1, Settings.Cycles).Select(cycle => Level(SoakPhases.Of(SoakPhases.CoolDown, cycle)))];

    /// <summary>Memory came back down: after the cool-down, RSS is within <see cref="ComeBackTolerance"/> of the baseline.</summary>
    public bool CameDown => BaselineMiB > 0 && AfterMiB <= BaselineMiB * (1 + ComeBackTolerance);

    public bool Met => SteadyGrowth < 0.05 && CameDown && FailedRequests == 0 && StillSubscribed == Subscribed;

    /// <summary>
    /// The median of a phase's last three samples: where RSS has settled at its end (the baseline still climbs in its
    /// first minute or two, while the sockets' and readers' buffers and the GC's budgets grow to the load).
    /// </summary>
    private double Level(string phase)
    {
        var samples = Curve.Where(s => s.Phase == phase).Select(s => s.KiB).ToList();
        return samples.Count == 0 ? 0 : Median(samples.TakeLast(3)) / 1024;
    }

    private static double Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
