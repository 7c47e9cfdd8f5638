using Cereon.Bench.Cli;

namespace Cereon.Bench.Suite;

/// <summary>How big and long each scenario of a suite run is: <c>--quick</c> fits in about three minutes, the full run does not try.</summary>
internal sealed record SuiteSettings(
    bool Quick,
    TimeSpan ReadWarmUp,
    TimeSpan MaxReadWarmUp,
    TimeSpan ReadRound,
    int ReadRounds,
    IReadOnlyList<int> FanOutSockets,
    TimeSpan FanOutWindow,
    int IdleSockets,
    int StormRequests,
    int StreamRecords,
    TimeSpan StreamWarmUp,
    int FirstRecordSamples,
    int BulkRuns,
    int ExtraStartUpRuns,
    bool Failover,
    bool Soak = false)
{
    public const string Usage = """
        all        (or no command) Every scenario, each beside its ceiling, as one Markdown table; also written to bench/results/latest.md.
          --quick              smaller and shorter (1,000 sockets, 2-5 s windows after 6-30 s of warm-up (15-30 s for the large stream), until a server stops getting faster; no failover): about three minutes on a quiet machine
          --no-failover        skip the failover scenario of the full run
          --soak               also run the 21-minute soak (`soak` alone: dotnet run -c Release --project bench -- soak)
        The full run opens 10,000 sockets: `ulimit -n 20000` (or more) in the same shell.
        """;

    public int MaxSockets => Math.Max(FanOutSockets.Max(), IdleSockets);

    public string CommandLine => "dotnet run -c Release --project bench --" + (Quick ? " --quick" : string.Empty) + (Failover || Quick ? string.Empty : " --no-failover") + (Soak ? " --soak" : string.Empty);

    public static SuiteSettings From(CommandArgs args)
    {
        var quick = args.Flag("quick");
        var noFailover = args.Flag("no-failover");
        var soak = args.Flag("soak");
        args.RejectUnknown();
        var settings = quick
            ? new SuiteSettings(
                Quick: true,
                ReadWarmUp: TimeSpan.FromSeconds(6),
                MaxReadWarmUp: TimeSpan.FromSeconds(30),
                ReadRound: TimeSpan.FromSeconds(2),
                ReadRounds: 2,
                FanOutSockets: [1000],
                FanOutWindow: TimeSpan.FromSeconds(5),
                IdleSockets: 1000,
                StormRequests: 1000,
                StreamRecords: 100_000,
                StreamWarmUp: TimeSpan.FromSeconds(15),
                FirstRecordSamples: 5,
                BulkRuns: 7,
                ExtraStartUpRuns: 0,
                Failover: false)
            : new SuiteSettings(
                Quick: false,
                ReadWarmUp: TimeSpan.FromSeconds(10),
                MaxReadWarmUp: TimeSpan.FromSeconds(60),
                ReadRound: TimeSpan.FromSeconds(5),
                ReadRounds: 3,
                FanOutSockets: [1000, 10_000],
                FanOutWindow: TimeSpan.FromSeconds(20),
                IdleSockets: 5000,
                StormRequests: 1000,
                StreamRecords: 100_000,
                StreamWarmUp: TimeSpan.FromSeconds(20),
                FirstRecordSamples: 20,
                BulkRuns: 15,
                ExtraStartUpRuns: 4,
                Failover: !noFailover);
        return settings with { Soak = soak };
    }
}
