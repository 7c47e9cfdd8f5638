using Cereon.Bench.Cli;

namespace Cereon.Bench.Soak;

/// <summary>The options of the soak: how long each phase lasts and how big the load is.</summary>
internal sealed record SoakSettings(TimeSpan WarmUp, TimeSpan Steady, TimeSpan CoolDown, int Sockets, int Readers, int TopicsPerSecond, TimeSpan Sample)
{
    public const string Usage = """
        soak       Mixed load for 10 minutes, then 6 without churn, on the embedded default; RSS every 20 s as a Markdown table.
          --minutes M          minutes of mixed load, warm-up included (default 10)
          --warmup M           minutes of it that are warm-up, not judged (default 2)
          --cooldown M         minutes after the churn stops, with cached reads and sockets only (default 6)
          --sockets N          live sockets on showcase_ticker (default 1000)
          --readers C          HTTP readers at once (default 16)
          --topics N           invented topics subscribed and unsubscribed per second (default 20)
          --sample S           seconds between RSS samples (default 20)
        """;

    public TimeSpan Total => WarmUp + Steady + CoolDown;

    public static SoakSettings From(CommandArgs args)
    {
        var minutes = args.Int("minutes", 10, 2, 24 * 60);
        var warmUp = args.Int("warmup", 2, 1, minutes - 1);
        var coolDown = args.Int("cooldown", 6, 1, 24 * 60);
        var sockets = args.Int("sockets", 1000, 0, 100_000);
        var readers = args.Int("readers", 16, 1, 1024);
        var topics = args.Int("topics", 20, 1, 1000);
        var sample = args.Int("sample", 20, 1, 600);
        return new SoakSettings(
            TimeSpan.FromMinutes(warmUp), TimeSpan.FromMinutes(minutes - warmUp), TimeSpan.FromMinutes(coolDown), sockets, readers, topics, TimeSpan.FromSeconds(sample));
    }
}
