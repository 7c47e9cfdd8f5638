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

    public double EndMiB => Curve.Count == 0 ? 0 : Curve[^1].MiB;

    /// <summary>Memory came back down: the last sample, after the cool-down, is below the highest of the steady phase.</summary>
    public bool CameDown => EndMiB < SteadyMaxMiB;

    public bool Met => SteadyGrowth < 0.05 && CameDown && FailedRequests == 0 && StillSubscribed == Subscribed;

    private static double Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
