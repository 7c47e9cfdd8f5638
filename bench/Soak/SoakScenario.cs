using Cereon.Bench.Cli;
using Cereon.Bench.FanOut;
using Cereon.Bench.Targets;

namespace Cereon.Bench.Soak;

/// <summary>
/// Issue 12's soak on the embedded default: live sockets on a ticker, cached and streaming reads without churn for a
/// baseline, then with churning reads and topic churn for a warm-up and a steady phase, then a cool-down in which the
/// churn (new parameter sets, invented topics) stops while cached reads and sockets go on. RSS is sampled throughout.
/// </summary>
internal static class SoakScenario
{
    private const string TickerPath = "/api/cards/showcase_ticker";

    /// <summary>
    /// What the silo image sets beside Cereon's own settings (Dockerfile.silo): at most two glibc malloc arenas. With
    /// glibc's default, up to 8 per core, the native memory freed after the churn stayed in 16 arenas.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SiloEnvironment { get; } = new Dictionary<string, string>
    {
        ["MALLOC_ARENA_MAX"] = "2",
    };

    public static async Task<SoakResult> RunAsync(SiloLocation silo, SoakSettings settings, CancellationToken cancellationToken)
    {
        // One more socket than the viewers: the topic churn's.
        await using var server = await CereonSilo.StartAsync(silo, settings.Sockets + 1, "/api/cards/mrr_overview", cancellationToken, SiloEnvironment);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(30) });
        var recorder = new FanOutRecorder(ack: false);
        var sockets = new FanOutSocket?[settings.Sockets];
        try
        {
            var connect = new FanOutSettings(settings.Sockets, TimeSpan.Zero, TimeSpan.Zero, 200, TimeSpan.FromSeconds(120), false, string.Empty, true, true, false);
            await FanOutSockets.ConnectAllAsync(server.Sockets(TickerPath), connect, invoker, recorder, sockets, new ConnectFailures(), cancellationToken);
            var subscribed = sockets.Count(s => s is { IsSubscribed: true });
            Progress($"{subscribed:N0} of {settings.Sockets:N0} sockets subscribed; {settings.Baseline.TotalMinutes:0} min without churn, {(settings.WarmUp + settings.Steady).TotalMinutes:0} min mixed load, then {settings.CoolDown.TotalMinutes:0} min without churn");

            var reads = new MixedReads(server.BaseUrl, settings.Readers, ReadMix.Issue12) { Churn = false };
            var topics = new TopicChurn(server.Sockets(TickerPath).SocketUri, settings.TopicsPerSecond);
            using var memory = new ServerMemory(new Uri(server.BaseUrl + "/metrics"));
            var curve = new RssCurve(server.Process.Id, settings.Sample, memory) { Phase = SoakPhases.Baseline };
            using var end = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var load = Task.WhenAll(reads.RunAsync(end.Token), curve.RunAsync(end.Token));

            await Task.Delay(settings.Baseline, cancellationToken);
            for (var cycle = 1; cycle <= settings.Cycles; cycle++)
            {
                using var churnEnd = CancellationTokenSource.CreateLinkedTokenSource(end.Token);
                curve.Phase = SoakPhases.Of(SoakPhases.WarmUp, cycle);
                reads.Churn = true;
                var churn = topics.RunAsync(churnEnd.Token);
                Progress($"churn {cycle} started");
                await Task.Delay(settings.WarmUp, cancellationToken);
                curve.Phase = SoakPhases.Of(SoakPhases.Steady, cycle);
                Progress("steady");
                await Task.Delay(settings.Steady, cancellationToken);
                curve.Phase = SoakPhases.Of(SoakPhases.CoolDown, cycle);
                reads.Churn = false;
                await churnEnd.CancelAsync();
                await churn;
                Progress("cool-down: churn stopped");
                await Task.Delay(settings.CoolDown, cancellationToken);
            }

            await end.CancelAsync();
            await load;
            if (server.Process.HasExited)
            {
                throw new BenchFailure($"The silo exited during the soak (code {server.Process.ExitCode})");
            }

            var stillSubscribed = sockets.Count(s => s is { IsSubscribed: true, EndedEarly: null });
            return new SoakResult(settings, curve.Samples, reads.Requests, reads.Failures, topics.Answered, topics.Refused, subscribed, stillSubscribed);
        }
        finally
        {
            recorder.Stop();
            await FanOutSockets.DropAllAsync(sockets);
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] soak: {message}");
}

internal static class SoakPhases
{
    public const string Baseline = "baseline";
    public const string WarmUp = "warm-up";
    public const string Steady = "steady";
    public const string CoolDown = "cool-down";

    /// <summary>A phase of the given churn cycle: the first cycle's phases keep their plain names.</summary>
    public static string Of(string phase, int cycle) => cycle == 1 ? phase : $"{phase} {cycle}";
}
