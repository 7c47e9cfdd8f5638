using System.Diagnostics;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;
using Cereon.Bench.Targets;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.FanOut;

/// <summary>
/// Runs the fan-out load against one server: probe, baseline RSS, connect and subscribe every socket, warm up,
/// measure one window, then drop every socket. The same code runs against both servers, so their rows compare.
/// </summary>
internal static class FanOutLoad
{
    public static async Task<FanOutResult> RunAsync(ServerUnderTest server, FanOutSettings settings, CancellationToken cancellationToken)
    {
        using var deadline = new ScenarioDeadline(Invariant($"fan-out of {settings.Sockets:N0} sockets against {server.Name}"), TimeLimit(settings), cancellationToken);
        try
        {
            return await MeasureAsync(server, settings, deadline);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            throw deadline.Failure();
        }
    }

    /// <summary>Every phase's own limit, plus a minute for what has none (RSS readings, CPU sampling, the report).</summary>
    internal static TimeSpan TimeLimit(FanOutSettings settings) =>
        FanOutSockets.ProbeTimeout + ServerWatch.SettleLimit + settings.ConnectBudget + settings.WarmUp + settings.Window + FanOutSockets.DrainTimeout + TimeSpan.FromMinutes(1);

    private static async Task<FanOutResult> MeasureAsync(ServerUnderTest server, FanOutSettings settings, ScenarioDeadline deadline)
    {
        var cancellationToken = deadline.Token;

        // One handler for every socket, no proxy; each WebSocket upgrade takes a connection of its own out of it.
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = FanOutSockets.PerSocketTimeout });

        // One socket first: proves the protocol works before the flood, and activates the card (or warms the
        // ceiling's code paths) so the baseline RSS holds no first-use costs that would be charged to the sockets.
        deadline.Stage = "in the probe";
        await FanOutSockets.ProbeAsync(server, invoker, cancellationToken);

        deadline.Stage = "waiting for the server's CPU to settle";
        var idleCpuPercent = await ServerWatch.SettleAsync(server, cancellationToken);
        var baselineKiB = ProcFs.StatusKiB(server.Process.Id, "VmRSS");

        var recorder = new FanOutRecorder(settings.Ack);
        var sockets = new FanOutSocket?[settings.Sockets];
        var dropped = false;
        try
        {
            deadline.Stage = "connecting";
            var failures = new ConnectFailures();
            var connectTime = await FanOutSockets.ConnectAllAsync(server, settings, invoker, recorder, sockets, failures, cancellationToken);
            var live = sockets.Where(s => s is { IsSubscribed: true }).Cast<FanOutSocket>().ToArray();
            ServerWatch.EnsureRunning(server);
            if (live.Length == 0)
            {
                throw new BenchFailure($"No socket of {server.Name} subscribed. Causes: {string.Join("; ", failures.ByCause.Select(f => $"{f.Value} × {f.Key}"))}");
            }

            ServerWatch.Progress(server, $"{live.Length:N0} of {settings.Sockets:N0} subscribed in {connectTime.TotalSeconds:0.0} s; warm-up {settings.WarmUp.TotalSeconds:0} s, then measuring {settings.Window.TotalSeconds:0} s");
            deadline.Stage = "in the warm-up";
            recorder.OpenWindow(settings.WarmUp, settings.Window);
            await Task.Delay(settings.WarmUp, cancellationToken);

            using var client = Process.GetCurrentProcess();
            var started = Stopwatch.GetTimestamp();
            var serverCpu = server.Process.CpuTime();
            var clientCpu = client.TotalProcessorTime;
            var machineCpu = MachineCpu.Read();

            deadline.Stage = "in the measured window";
            var loadedKiB = await ServerWatch.SampleRssAsync(server, settings.Window, cancellationToken);

            var elapsed = Stopwatch.GetElapsedTime(started);
            serverCpu = server.Process.CpuTime() - serverCpu;
            client.Refresh();
            clientCpu = client.TotalProcessorTime - clientCpu;
            var machineNow = MachineCpu.Read();
            var otherCpu = MachineCpu.Busy(machineCpu, machineNow) - serverCpu - clientCpu;
            var stealCpu = MachineCpu.Steal(machineCpu, machineNow);
            var peakKiB = ProcFs.StatusKiB(server.Process.Id, "VmHWM");
            ServerWatch.EnsureRunning(server);

            // Dropped before the tallies are read, so every receive loop has finished writing them.
            deadline.Stage = "dropping the sockets";
            recorder.Stop();
            await FanOutSockets.DropAllAsync(sockets);
            dropped = true;
            return new FanOutResult(
                server.Name,
                server.Overrides,
                settings.Sockets,
                live.Length,
                connectTime,
                settings.Window,
                Messages: live.Sum(s => s.WindowMessages),
                Bytes: live.Sum(s => s.WindowBytes),
                recorder.Latency.Summarize(),
                Gaps: live.Sum(s => s.Gaps),
                Missing: live.Sum(s => s.Missing),
                Duplicates: live.Sum(s => s.Duplicates),
                Errors: live.Sum(s => s.Errors),
                failures.ByCause,
                EndedEarly: live.Where(s => s.EndedEarly is not null).GroupBy(s => s.EndedEarly!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                baselineKiB,
                loadedKiB,
                peakKiB,
                idleCpuPercent,
                ServerCpuPercent: 100 * serverCpu / elapsed,
                ClientCpuPercent: 100 * clientCpu / elapsed,
                OtherCpuPercent: Math.Max(0, 100 * otherCpu / elapsed),
                StealCpuPercent: 100 * stealCpu / elapsed,
                SourceRate: live.Max(s => s.WindowLastSeq < 0 ? 0 : s.WindowLastSeq - s.WindowFirstSeq) / settings.Window.TotalSeconds);
        }
        finally
        {
            // Also on failure and Ctrl+C: thousands of open sockets must not outlive the run.
            if (!dropped)
            {
                recorder.Stop();
                await FanOutSockets.DropAllAsync(sockets);
            }
        }
    }
}
