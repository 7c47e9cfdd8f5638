using Cereon.Bench.CachedRead;
using Cereon.Bench.Cli;
using Cereon.Bench.ColdStorm;
using Cereon.Bench.Failover;
using Cereon.Bench.FanOut;
using Cereon.Bench.HttpCeiling;
using Cereon.Bench.Measurement;
using Cereon.Bench.Soak;
using Cereon.Bench.StartUp;
using Cereon.Bench.Streaming;
using Cereon.Bench.Targets;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.Suite;

/// <summary>
/// One suite run, in the order that lets servers be shared: the embedded silo (cached read, fan-out), the bench host
/// (streaming, cold storm, idle sockets), the distributed cluster (cached read, failover), then start-up. Each Cereon
/// figure is taken right beside its ceiling's.
/// </summary>
internal sealed partial class SuiteRun(SuiteSettings settings, SiloLocation silo, SuiteReport report, string work)
{
    private const string CachedCardPath = "/api/cards/mrr_overview";
    private const string TickerPath = "/api/cards/showcase_ticker";
    private const string IdlePath = "/api/cards/idle_live";
    private const int SlowStreamWaitMs = 300;
    private static readonly TimeSpan WarmUpWindow = TimeSpan.FromSeconds(2);

    private WarmUpLimits WarmUpLimits => new(WarmUpWindow, settings.ReadWarmUp, settings.MaxReadWarmUp);

    /// <summary>
    /// A fresh silo serves the large stream at a steady third of its later rate for its first 7 s or so, until the JIT's
    /// tier-1 code for the record path arrives at once: a plateau the windows alone would take for the end of warm-up.
    /// </summary>
    private WarmUpLimits StreamWarmUpLimits => WarmUpLimits with { Least = settings.StreamWarmUp };

    private static string WarmUpText(WarmUpLimits limits) => Invariant(
        $"in {limits.Window.TotalSeconds:0} s windows until {SteadyWarmUp.FlatWindows} in a row gained under {SteadyWarmUp.Gain:P0} on the best before them (at least {limits.Least.TotalSeconds:0} s, at most {limits.Most.TotalSeconds:0} s)");

    private TimeSpan _siloStart;
    private TimeSpan _ceilingStart;

    /// <summary>True when a phase failed, or a scenario saw what must never happen (a gap, a duplicate, a second handler run, a failed request, a stream cut short).</summary>
    public bool Failed { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        HttpServer? readCeiling = null;
        try
        {
            await PhaseAsync("embedded silo (cached read, fan-out)", async () => readCeiling = await EmbeddedAsync(Path.Combine(work, "card.json"), cancellationToken), cancellationToken);
            await PhaseAsync("bench host (idle sockets, streaming, cold storm)", () => BenchHostAsync(cancellationToken), cancellationToken);
            if (readCeiling is { } ceiling)
            {
                await PhaseAsync("distributed cluster (cached read, durable publish, failover)", () => DistributedAsync(ceiling, cancellationToken), cancellationToken);
            }
            else
            {
                report.Note("distributed cluster: not run, since the embedded phase (which starts its ceiling) failed");
            }

            await PhaseAsync("start-up", () => StartUpAsync(cancellationToken), cancellationToken);
            if (settings.Soak)
            {
                await PhaseAsync("soak", () => SoakAsync(cancellationToken), cancellationToken);
            }
        }
        finally
        {
            if (readCeiling is not null)
            {
                await readCeiling.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Runs one phase; when it fails (a server that would not start on a machine this busy, a request that failed),
    /// the run goes on with the next, and the notes say which rows are missing and why.
    /// </summary>
    private async Task PhaseAsync(string phase, Func<Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run();
        }
        catch (Exception ex) when (ex is BenchFailure or HttpRequestException or IOException or TimeoutException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Failed = true;
            var reason = ex.Message.Split('\n')[0];
            Progress($"{phase} FAILED: {reason}");
            report.Note($"{phase}: FAILED, so its rows are missing: {reason}");
        }
    }

    /// <summary>The embedded silo: cached reads beside the bare Kestrel ceiling, then fan-out beside the bare broadcast loop. Returns the read ceiling, kept for the distributed row.</summary>
    private async Task<HttpServer> EmbeddedAsync(string bodyFile, CancellationToken cancellationToken)
    {
        Progress("embedded silo: starting");
        await using var server = await CereonSilo.StartAsync(silo, settings.MaxSockets, CachedCardPath, cancellationToken);
        _siloStart = server.StartedIn;
        using (var client = BenchHttp.Client(TimeSpan.FromSeconds(10)))
        {
            using var response = await client.GetAsync(server.Url(CachedCardPath), cancellationToken);
            await File.WriteAllBytesAsync(bodyFile, await response.Content.ReadAsByteArrayAsync(cancellationToken), cancellationToken);
            var contentType = response.Content.Headers.ContentType?.ToString();
            var ceiling = await HttpCeilingServer.StartAsync(bodyFile, contentType, null, cancellationToken);
            _ceilingStart = ceiling.StartedIn;
            try
            {
                Progress("cached read, short streaming card and 304, embedded: wrk");
                await EmbeddedReadsAsync(server, ceiling, client, new FileInfo(bodyFile).Length, cancellationToken);

                // The broadcast ceiling runs beside the silo, so each socket count is measured on both back to back.
                await using var broadcast = await CeilingServer.StartAsync(cancellationToken);
                foreach (var sockets in settings.FanOutSockets)
                {
                    Progress(Invariant($"fan-out, {sockets:N0} sockets: cereon"));
                    var cereonFanOut = await FanOutLoad.RunAsync(server.Sockets(TickerPath), FanOutSettingsFor(sockets), cancellationToken);
                    Progress(Invariant($"fan-out, {sockets:N0} sockets: bare ceiling"));
                    var bareFanOut = await FanOutLoad.RunAsync(broadcast, FanOutSettingsFor(sockets), cancellationToken);
                    AddFanOutRows(sockets, cereonFanOut, bareFanOut);
                }
            }
            catch
            {
                await ceiling.DisposeAsync();
                throw;
            }

            return ceiling;
        }
    }

    private void AddFanOutRows(int sockets, FanOutResult cereon, FanOutResult bare)
    {
        var scenario = Invariant($"3. fan-out, {sockets:N0} sockets × 10 Hz");
        // Every message: each socket saw every seq from its first to its last (a lost one is a gap), and none was cut
        // off. The share of the source rate is shown, not judged: messages still in flight when the window closes
        // lower it without being lost.
        var deliveredTarget = sockets <= 1000 ? "every message" : "≥ 0.90× ceiling";
        var deliveredMet = sockets <= 1000
            ? cereon.Gaps == 0 && cereon.Subscribed == cereon.Requested && cereon.EndedEarlyCount == 0
            : cereon.DeliveredPerSecond >= 0.9 * bare.DeliveredPerSecond;
        report.Add(new ResultRow(scenario, "delivered msg/s (share of what the source produced)", Invariant($"{cereon.DeliveredPerSecond:N0} ({cereon.Delivery:P0})"), Invariant($"{bare.DeliveredPerSecond:N0} ({bare.Delivery:P0})"), Ratio(cereon.DeliveredPerSecond, bare.DeliveredPerSecond), deliveredTarget, Meets(deliveredMet)));
        var p99Target = sockets <= 1000 ? "p99 ≤ 50 ms" : "p99 ≤ 1.10× ceiling's";
        var p99Met = sockets <= 1000 ? cereon.Latency.P99Micros <= 50_000 : cereon.Latency.P99Micros <= 1.1 * bare.Latency.P99Micros;
        report.Add(new ResultRow(scenario, "latency p50 / p99 ms", $"{Ms(cereon.Latency.P50Micros / 1000.0)} / {Ms(cereon.Latency.P99Micros / 1000.0)}", $"{Ms(bare.Latency.P50Micros / 1000.0)} / {Ms(bare.Latency.P99Micros / 1000.0)}", Ratio(cereon.Latency.P99Micros, bare.Latency.P99Micros), p99Target, Meets(p99Met)));
        report.Add(new ResultRow(scenario, "gaps / duplicates", Invariant($"{cereon.Gaps} / {cereon.Duplicates}"), Invariant($"{bare.Gaps} / {bare.Duplicates}"), string.Empty, "0", Meets(cereon.Gaps == 0 && cereon.Duplicates == 0)));
        report.Add(new ResultRow(scenario, "server RSS per receiving socket, KiB", N1(cereon.RssPerSocketKiB), N1(bare.RssPerSocketKiB), Ratio(cereon.RssPerSocketKiB, bare.RssPerSocketKiB), string.Empty, Verdict.None));
        report.Command(scenario, Invariant($"the `fanout` scenario's code (`dotnet run -c Release --project bench -- fanout --sockets {sockets} --seconds {settings.FanOutWindow.TotalSeconds:0}` runs it alone): sockets subscribed to `showcase_ticker` on the embedded silo, and to `bench -- ceiling-server` right after; latency from the producer's timestamp to receipt; {settings.FanOutWindow.TotalSeconds:0} s window after 2 s warm-up"));
        report.Note(Invariant($"fan-out {sockets:N0}: CPU in the window (100 % = one core) cereon {cereon.ServerCpuPercent:N0} % server + {cereon.ClientCpuPercent:N0} % client + {cereon.OtherCpuPercent:N0} % other processes; ceiling {bare.ServerCpuPercent:N0} % + {bare.ClientCpuPercent:N0} % + {bare.OtherCpuPercent:N0} %. Subscribed {cereon.Subscribed:N0} and {bare.Subscribed:N0} of {sockets:N0}; delivery {cereon.Delivery:P1} and {bare.Delivery:P1} of sockets × source rate."));
        Failed |= cereon.Gaps > 0 || cereon.Duplicates > 0 || bare.Gaps > 0 || bare.Duplicates > 0;
    }

    /// <summary>The bench host (embedded silo plus the bench's cards): idle sockets, streaming, cold storm.</summary>
    private async Task BenchHostAsync(CancellationToken cancellationToken)
    {
        Progress("bench host: starting");
        await using var host = await BenchHost.StartAsync(settings.IdleSockets, cancellationToken);

        // First, while the host is fresh like the ceiling it is compared with: after the large stream's reads its heap
        // has room to spare, and a thousand sockets fit in it without raising the RSS.
        Progress("idle sockets: bench host");
        var idle = await IdleSockets.MeasureAsync(host.Sockets(IdlePath), settings.IdleSockets, cancellationToken);
        Progress("idle sockets: bare ceiling");
        IdleResult bare;
        await using (var idleCeiling = await CeilingServer.StartAsync(cancellationToken, TimeSpan.FromHours(1)))
        {
            bare = await IdleSockets.MeasureAsync(idleCeiling, settings.IdleSockets, cancellationToken);
        }

        var idleScenario = Invariant($"3. idle sockets, {idle.Requested:N0} subscribed");
        report.Add(new ResultRow(idleScenario, "server RSS per idle socket, KiB", N1(idle.KiBPerSocket), N1(bare.KiBPerSocket), Ratio(idle.KiBPerSocket, bare.KiBPerSocket), "≤ 16 KiB", Meets(idle.KiBPerSocket <= 16)));
        report.Command(idleScenario, Invariant($"{settings.IdleSockets:N0} sockets subscribed to `idle_live` (a live card that never publishes) on the bench host, which is silo and gateway in one process; (median VmRSS with them − with one socket) ÷ sockets, each read once CPU settled. Ceiling: `bench -- ceiling-server` broadcasting once an hour. Subscribed {idle.Subscribed:N0} and {bare.Subscribed:N0}; RSS {idle.BaselineKiB / 1024:N0} → {idle.LoadedKiB / 1024:N0} MiB and {bare.BaselineKiB / 1024:N0} → {bare.LoadedKiB / 1024:N0} MiB"));

        Progress("streaming: bulk stream capture");
        var bulkPath = Invariant($"/api/cards/bulk_stream?records={settings.StreamRecords}");
        var capture = await StreamingScenario.CaptureAsync(host.Url(bulkPath), cancellationToken);
        var streamFile = Path.Combine(work, "stream.ndjson");
        var replay = NdjsonCapture.Complete(capture.Body, settings.StreamRecords, out var synthesized);
        await File.WriteAllBytesAsync(streamFile, replay, cancellationToken);
        await using var ceiling = await HttpCeilingServer.StartAsync(null, null, streamFile, cancellationToken);
        Progress("streaming: bulk stream reads");
        var bulk = await StreamingScenario.BulkAsync(
            host.Url(bulkPath), ceiling.Url(HttpCeilingCommand.StreamPath), StreamWarmUpLimits, settings.BulkRuns, cancellationToken);

        Progress("cold storm");
        var storm = await ColdStormScenario.RunAsync(
            host.Url("/health"), key => host.Url("/api/cards/cold_storm?key=" + key), key => host.Url(BenchHost.RunsPath(key)), settings.StormRequests, cancellationToken);
        var bareStorm = await ColdStormScenario.RunAsync(
            ceiling.Url(HttpCeilingCommand.HealthPath), key => ceiling.Url(HttpCeilingCommand.StormPath + key), key => ceiling.Url(HttpCeilingCommand.RunsPath + key), settings.StormRequests, cancellationToken);
        var stormScenario = Invariant($"2. cold storm, {settings.StormRequests:N0} concurrent first requests, 200 ms handler");
        report.Add(new ResultRow(stormScenario, "handler runs", Invariant($"{storm.HandlerRuns}"), Invariant($"{bareStorm.HandlerRuns}"), string.Empty, "1", Meets(storm.HandlerRuns == 1)));
        report.Add(new ResultRow(stormScenario, "completion p50 / p99 ms (failed)", Invariant($"{Ms(storm.P50)} / {Ms(storm.P99)} ({storm.Failed})"), Invariant($"{Ms(bareStorm.P50)} / {Ms(bareStorm.P99)} ({bareStorm.Failed})"), Ratio(storm.P99.TotalMilliseconds, bareStorm.P99.TotalMilliseconds), string.Empty, Verdict.None));
        report.Command(stormScenario, Invariant($"{settings.StormRequests:N0} connections opened first (GET /health), then {settings.StormRequests:N0} concurrent GETs of `/api/cards/cold_storm?key=<new>` on the bench host (`bench -- bench-host`: the embedded silo plus bench/Host/BenchCards.cs), whose handler counts its runs and waits 200 ms; runs read back from the host. Ceiling: the same against `bench -- http-ceiling` `/storm/<key>`, a hand-written single flight (one Lazy task per key) around the same 200 ms; completion timed from the storm's start"));
        Failed |= storm.Failed > 0 || storm.HandlerRuns != 1;

        Progress("streaming: first record");
        var first = await StreamingScenario.FirstRecordAsync(host.Url(Invariant($"/api/cards/slow_stream?waitMs={SlowStreamWaitMs}")), settings.FirstRecordSamples, cancellationToken);
        var bareFirst = await StreamingScenario.FirstRecordAsync(ceiling.Url(Invariant($"{HttpCeilingCommand.SlowStreamPath}?waitMs={SlowStreamWaitMs}")), settings.FirstRecordSamples, cancellationToken);
        report.Add(new ResultRow("4. streaming, slow stream", "first record after the handler yields it, median / max ms", $"{Ms(first.MedianAfterYield)} / {Ms(first.MaxAfterYield)}", $"{Ms(bareFirst.MedianAfterYield)} / {Ms(bareFirst.MaxAfterYield)}", Ratio(first.MaxAfterYield.TotalMilliseconds, bareFirst.MaxAfterYield.TotalMilliseconds), "≤ 50 ms", Meets(first.MaxAfterYield <= TimeSpan.FromMilliseconds(50))));
        report.Add(new ResultRow("4. streaming, slow stream", "first record after the request, median ms", Ms(first.MedianAfterRequest), Ms(bareFirst.MedianAfterRequest), Ratio(first.MedianAfterRequest.TotalMilliseconds, bareFirst.MedianAfterRequest.TotalMilliseconds), string.Empty, Verdict.None));
        report.Command("4. streaming, slow stream", Invariant($"{settings.FirstRecordSamples} sequential GETs (after one unmeasured) of `/api/cards/slow_stream?waitMs={SlowStreamWaitMs}` on the bench host: the handler stamps its first record with the time it yields it, then waits {SlowStreamWaitMs} ms; receipt of the first line minus that stamp. Ceiling: `bench -- http-ceiling` `/slow-stream`, which writes and flushes a stamped line, then waits"));
        AddBulkRows(bulkPath, capture.AbortedAfter, bulk, replay.Length, synthesized);
    }

    private async Task DistributedAsync(HttpServer readCeiling, CancellationToken cancellationToken)
    {
        Progress("distributed: scripts/cluster.sh up");
        await using var cluster = await LocalCluster.UpAsync(cancellationToken);
        var gateway = new Uri(cluster.Gateways[0], CachedCardPath);
        Progress("cached read, distributed: wrk");
        var (cereon, bare, comparison) = await CompareReadsAsync(gateway, readCeiling.Url(HttpCeilingCommand.BytesPath), cancellationToken);
        AddReadRows("1. cached read, distributed", cereon, bare, 0.55);
        report.Command("1. cached read, distributed", Invariant($"`{cluster.EnvironmentText} scripts/cluster.sh up` (Redis, PostgreSQL, 2 silos, 2 gateways, separate processes), then `{Wrk.CommandLine(settings.ReadRound, gateway.ToString())}` against gateway 1, and the same wrk against the bare Kestrel of the embedded row; {ReadRoundsText(comparison)}"));

        Progress("durable publish: wrk beside pgbench");
        await DurablePublishAsync(cluster, cancellationToken);

        if (settings.Failover)
        {
            Progress("failover: kill -9 of silo 1, then SIGTERM of silo 2");
            var failover = await FailoverScenario.RunAsync(cluster, cancellationToken);
            report.Add(new ResultRow("5. failover, kill -9 of a silo", "reads disturbed for s (failed of total)", Invariant($"{failover.Kill.Recovery.TotalSeconds:0.0} ({failover.Kill.Failed} of {failover.Kill.Total:N0})"), "—", string.Empty, "≤ 10 s", Meets(failover.Kill.Recovery <= TimeSpan.FromSeconds(10))));
            report.Add(new ResultRow("5. failover, graceful stop of a silo", "reads disturbed for s (failed of total)", Invariant($"{failover.GracefulStop.Recovery.TotalSeconds:0.0} ({failover.GracefulStop.Failed} of {failover.GracefulStop.Total:N0})"), "—", string.Empty, "no failed request", Meets(failover.GracefulStop.Failed == 0)));
            report.Command("5. failover", Invariant($"on that cluster, 8 readers of `packages_commits_line?days=1..40` through both gateways in turn (10 s client timeout); `scripts/cluster.sh kill silo 1`, 25 s of reads; `scripts/cluster.sh restart silo 1`; SIGTERM to silo 2, 10 s of reads. Disturbed = until the end of the last read that failed or took over {Readers.Slow.TotalSeconds:0} s. No ceiling: nothing without Orleans fails over"));
        }
        else
        {
            report.Note("5. failover: not run in --quick (it needs about a minute of its own); the full run measures it.");
        }
    }

    private async Task StartUpAsync(CancellationToken cancellationToken)
    {
        Progress(Invariant($"start-up: {settings.ExtraStartUpRuns} more runs each"));
        var (cereon, bare) = await StartUpScenario.RunAsync(silo, settings.ExtraStartUpRuns, [_siloStart], [_ceilingStart], cancellationToken);
        var scenario = "6. start-up, embedded";
        report.Add(new ResultRow(scenario, Invariant($"process start to first 200, median of {cereon.Count}, ms"), Ms(Median(cereon)), Ms(Median(bare)), Ratio(Median(cereon).TotalMilliseconds, Median(bare).TotalMilliseconds), string.Empty, Verdict.None));
        report.Command(scenario, Invariant($"`dotnet Silo/bin/Release/net10.0/Cereon.Silo.dll` (working directory Silo/, free ports), timed from Process.Start to the first 200 on `{StartUpScenario.CardPath}`, polled every 20 ms; the run's first silo start counts, then {settings.ExtraStartUpRuns} more: {string.Join(", ", cereon.Select(r => Ms(r)))} ms. Ceiling: `bench -- http-ceiling` to its first 200 on /health, as often: {string.Join(", ", bare.Select(r => Ms(r)))} ms"));
    }

    private async Task<(WrkResult Cereon, WrkResult Ceiling, ReadComparison Comparison)> CompareReadsAsync(Uri cereon, Uri ceiling, CancellationToken cancellationToken)
    {
        var comparison = await CompareReadsAsync([new ReadTarget(cereon), new ReadTarget(ceiling)], cancellationToken);
        return (comparison.Results[0], comparison.Results[1], comparison);
    }

    /// <summary>Warms every target up, then loads them in turn, round after round; one combined result per target.</summary>
    private async Task<ReadComparison> CompareReadsAsync(List<ReadTarget> targets, CancellationToken cancellationToken)
    {
        var warmUps = new List<TimeSpan>();
        foreach (var target in targets)
        {
            warmUps.Add(await WarmUpAsync(target, cancellationToken));
        }

        // Alternating rounds, so a neighbour's burst of work lands on every side rather than on one.
        var rounds = targets.Select(_ => new List<WrkResult>()).ToArray();
        for (var round = 0; round < settings.ReadRounds; round++)
        {
            for (var i = 0; i < targets.Count; i++)
            {
                rounds[i].Add(await LoadAsync(targets[i], settings.ReadRound, cancellationToken));
            }
        }

        return new ReadComparison([.. rounds.Select(WrkResult.Combine)], warmUps);
    }

    /// <summary>Loads the target in short windows until it stops getting faster; returns how long that took.</summary>
    private async Task<TimeSpan> WarmUpAsync(ReadTarget target, CancellationToken cancellationToken)
    {
        var windows = new List<double>();
        var warmed = TimeSpan.Zero;
        do
        {
            windows.Add((await LoadAsync(target, WarmUpLimits.Window, cancellationToken)).RequestsPerSecond);
            warmed += WarmUpLimits.Window;
        }
        while (!SteadyWarmUp.IsDone(windows, warmed, WarmUpLimits.Least, WarmUpLimits.Most));

        return warmed;
    }

    /// <summary>One wrk load of <paramref name="target"/>; a conditional read takes an ETag current for the whole load.</summary>
    private static async Task<WrkResult> LoadAsync(ReadTarget target, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (target.Conditional is not { } conditional)
        {
            return await Wrk.RunAsync(target.Url, duration, cancellationToken, target.Header);
        }

        var result = await Wrk.RunAsync(target.Url, duration, cancellationToken, await conditional.HeaderForAsync(duration, cancellationToken));
        await conditional.CheckLoadAsync(cancellationToken);
        return result;
    }

    private string ReadRoundsText(ReadComparison comparison) => Invariant(
        $"each warmed {WarmUpText(WarmUpLimits)} (here {string.Join(", ", comparison.WarmUps.Select(w => w.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} s, in that order), then {settings.ReadRounds} rounds of {settings.ReadRound.TotalSeconds:0} s, each loading every target of the phase in turn; req/s is the rounds' mean, p50 their median, p99 their worst");

    private void AddReadRows(string scenario, WrkResult cereon, WrkResult bare, double target)
    {
        report.Add(new ResultRow(scenario, "req/s, 64 connections", N0(cereon.RequestsPerSecond), N0(bare.RequestsPerSecond), Ratio(cereon.RequestsPerSecond, bare.RequestsPerSecond), Invariant($"≥ {target:0.00}× ceiling"), Meets(cereon.RequestsPerSecond >= target * bare.RequestsPerSecond && cereon.Non2xx == 0)));
        report.Add(new ResultRow(scenario, "latency p50 / p99 ms", $"{Ms(cereon.P50)} / {Ms(cereon.P99)}", $"{Ms(bare.P50)} / {Ms(bare.P99)}", Ratio(cereon.P99.TotalMilliseconds, bare.P99.TotalMilliseconds), string.Empty, Verdict.None));
        report.Note(Invariant($"{scenario}: the whole machine was busy {cereon.MachineBusyCores:0.0} of {Environment.ProcessorCount} cores during Cereon's rounds and {bare.MachineBusyCores:0.0} during the ceiling's (wrk, the server, and anyone else)."));
        if (cereon.Non2xx > 0 || cereon.SocketErrors is not null)
        {
            report.Note(Invariant($"{scenario}: {cereon.Non2xx:N0} non-2xx responses; {cereon.SocketErrors ?? "no socket errors"}"));
        }
    }

    private FanOutSettings FanOutSettingsFor(int sockets) =>
        new(sockets, settings.FanOutWindow, TimeSpan.FromSeconds(2), 200, TimeSpan.FromSeconds(180), false, "showcase_ticker", true, true, false);

    internal static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>The soak (issue 12): mixed load, then no churn; judged on steady growth and on coming back down.</summary>
    private async Task SoakAsync(CancellationToken cancellationToken)
    {
        var soak = SoakSettings.Default;
        Progress("soak: 3 min without churn, 10 min mixed load, 8 min without churn");
        var result = await SoakScenario.RunAsync(silo, soak, cancellationToken);
        const string scenario = "7. soak, 10 min mixed load between two phases without churn";
        report.Add(new ResultRow(scenario, "RSS growth over the steady 8 min", Invariant($"{result.SteadyGrowth:P1}"), string.Empty, string.Empty, "< 5 %", Meets(result.SteadyGrowth < 0.05)));
        report.Add(new ResultRow(scenario, "RSS MiB: before the churn → 8 min after it stopped", Invariant($"{result.BaselineMiB:N0} → {result.AfterMiB:N0}"), string.Empty, string.Empty, Invariant($"within {SoakResult.ComeBackTolerance:P0}"), Meets(result.CameDown)));
        report.Add(new ResultRow(scenario, "failed reads; sockets dropped", Invariant($"{result.FailedRequests:N0}; {result.Subscribed - result.StillSubscribed:N0}"), string.Empty, string.Empty, "0; 0", Meets(result.FailedRequests == 0 && result.Subscribed == result.StillSubscribed)));
        report.Command(scenario, "`dotnet run -c Release --project bench -- soak` runs it alone and prints the RSS curve (every 20 s): 1,000 sockets on showcase_ticker, 16 readers (60 % mrr_overview, 30 % packages_commits_line with random days and extra parameter, 10 % revenue_trend), 20 invented topics a second subscribed and unsubscribed; the churn runs 10 min between 3 min and 8 min of the same load without it");
        Failed |= !result.Met;
    }
}
