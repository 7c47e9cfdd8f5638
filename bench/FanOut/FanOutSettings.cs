using Cereon.Bench.Cli;

namespace Cereon.Bench.FanOut;

/// <summary>The options of the <c>fanout</c> scenario.</summary>
internal sealed record FanOutSettings(
    int Sockets,
    TimeSpan Window,
    TimeSpan WarmUp,
    int ConnectConcurrency,
    TimeSpan ConnectBudget,
    bool Ack,
    string Card,
    bool RunCereon,
    bool RunCeiling,
    bool Rebuild)
{
    public const string Usage = """
        fanout     WebSocket fan-out of one live card, Cereon beside a bare Kestrel ceiling, as a Markdown table.
          --sockets N          sockets, each with one subscription (default 1000)
          --seconds S          length of the measured window (default 20)
          --quick              1000 sockets, 10 s (explicit --sockets/--seconds still win)
          --warmup S           seconds between the last subscribe and the window (default 2)
          --concurrency C      connects in flight at once (default 200)
          --connect-budget S   give up connecting after S seconds and measure what connected (default 180)
          --ack                acknowledge every data message, as the stock front end does with ackPolicy auto
          --card ID            the Cereon live card (default showcase_ticker)
          --only cereon|ceiling  run one side only
          --rebuild            rebuild Silo (Release) first; otherwise it is built only when missing
        Needs an open-file limit above the socket count: `ulimit -n 65536` in the same shell.
        """;

    public static FanOutSettings From(CommandArgs args)
    {
        var quick = args.Flag("quick");
        var only = args.Text("only");
        if (only is not (null or "cereon" or "ceiling"))
        {
            throw new BenchFailure($"--only must be cereon or ceiling (got '{only}')", BenchFailure.BadUsage);
        }

        var settings = new FanOutSettings(
            Sockets: args.Int("sockets", 1000, 1, 100_000),
            Window: TimeSpan.FromSeconds(args.Int("seconds", quick ? 10 : 20, 1, 600)),
            WarmUp: TimeSpan.FromSeconds(args.Int("warmup", 2, 0, 60)),
            ConnectConcurrency: args.Int("concurrency", 200, 1, 5000),
            ConnectBudget: TimeSpan.FromSeconds(args.Int("connect-budget", 180, 5, 1800)),
            Ack: args.Flag("ack"),
            Card: args.Text("card") ?? "showcase_ticker",
            RunCereon: only is null or "cereon",
            RunCeiling: only is null or "ceiling",
            Rebuild: args.Flag("rebuild"));
        args.RejectUnknown();
        return settings;
    }
}
