using Cereon.Bench.Cli;

namespace Cereon.Bench.Soak;

/// <summary>The options of the soak: how long each phase lasts and how big the load is.</summary>
internal sealed record SoakSettings(
    TimeSpan Baseline, TimeSpan WarmUp, TimeSpan Steady, TimeSpan CoolDown, int Sockets, int Readers, int TopicsPerSecond, TimeSpan Sample, int Cycles = 1)
{
    public const string Usage = """
        soak       3 min without churn, mixed load for 10 minutes, then 8 without churn again, on the embedded default;
                   RSS every 20 s as a Markdown table.
          --baseline M         minutes of load without churn first, the level memory must come back to (default 3)
          --minutes M          minutes of mixed load, warm-up included (default 10)
          --warmup M           minutes of it that are warm-up, not judged (default 2)
          --cooldown M         minutes after the churn stops, with cached reads and sockets only (default 8; the
                               parameter sets the churn kept go after Cereon:Cache:IdleDeactivation, 5 min, plus
                               Orleans' collection quantum, 1 min)
          --sockets N          live sockets on showcase_ticker (default 1000)
          --readers C          HTTP readers at once (default 16)
          --topics N           invented topics subscribed and unsubscribed per second (default 20)
          --sample S           seconds between RSS samples (default 20)
          --cycles N           churn and cool-down N times over (default 1); the phases of cycle 2 on are numbered
        """;

    /// <summary>The soak of issue 12, as the suite runs it.</summary>
    public static SoakSettings Default { get; } = new(
        TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(8), 1000, 16, 20, TimeSpan.FromSeconds(20));

    public TimeSpan Total => Baseline + (WarmUp + Steady + CoolDown) * Cycles;

    public static SoakSettings From(CommandArgs args)
    {
        var baseline = args.Int("baseline", (int)Default.Baseline.TotalMinutes, 1, 24 * 60);
        var minutes = args.Int("minutes", (int)(Default.WarmUp + Default.Steady).TotalMinutes, 2, 24 * 60);
        var warmUp = args.Int("warmup", (int)Default.WarmUp.TotalMinutes, 1, minutes - 1);
        var coolDown = args.Int("cooldown", (int)Default.CoolDown.TotalMinutes, 1, 24 * 60);
        var sockets = args.Int("sockets", Default.Sockets, 0, 100_000);
        var readers = args.Int("readers", Default.Readers, 1, 1024);
        var topics = args.Int("topics", Default.TopicsPerSecond, 1, 1000);
        var sample = args.Int("sample", (int)Default.Sample.TotalSeconds, 1, 600);
        var cycles = args.Int("cycles", Default.Cycles, 1, 10);
        return new SoakSettings(
            TimeSpan.FromMinutes(baseline), TimeSpan.FromMinutes(warmUp), TimeSpan.FromMinutes(minutes - warmUp), TimeSpan.FromMinutes(coolDown),
            sockets, readers, topics, TimeSpan.FromSeconds(sample), cycles);
    }
}
