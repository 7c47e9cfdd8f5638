using System.Diagnostics;
using System.Globalization;
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
    private static readonly TimeSpan PerSocketTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RssSampleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SettleStep = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);
    private const double SettledCpuPercent = 20;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

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
        ProbeTimeout + SettleLimit + settings.ConnectBudget + settings.WarmUp + settings.Window + DrainTimeout + TimeSpan.FromMinutes(1);

    private static async Task<FanOutResult> MeasureAsync(ServerUnderTest server, FanOutSettings settings, ScenarioDeadline deadline)
    {
        var cancellationToken = deadline.Token;

        // One handler for every socket, no proxy; each WebSocket upgrade takes a connection of its own out of it.
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = PerSocketTimeout });

        // One socket first: proves the protocol works before the flood, and activates the card (or warms the
        // ceiling's code paths) so the baseline RSS holds no first-use costs that would be charged to the sockets.
        deadline.Stage = "in the probe";
        await ProbeAsync(server, invoker, cancellationToken);

        deadline.Stage = "waiting for the server's CPU to settle";
        var idleCpuPercent = await SettleAsync(server, cancellationToken);
        var baselineKiB = ProcFs.StatusKiB(server.Process.Id, "VmRSS");

        var recorder = new FanOutRecorder(settings.Ack);
        var sockets = new FanOutSocket?[settings.Sockets];
        var dropped = false;
        try
        {
            deadline.Stage = "connecting";
            var failures = new ConnectFailures();
            var connectTime = await ConnectAllAsync(server, settings, invoker, recorder, sockets, failures, cancellationToken);
            var live = sockets.Where(s => s is { IsSubscribed: true }).Cast<FanOutSocket>().ToArray();
            EnsureRunning(server);
            if (live.Length == 0)
            {
                throw new BenchFailure($"No socket of {server.Name} subscribed. Causes: {string.Join("; ", failures.ByCause.Select(f => $"{f.Value} × {f.Key}"))}");
            }

            Progress(server, $"{live.Length:N0} of {settings.Sockets:N0} subscribed in {connectTime.TotalSeconds:0.0} s; warm-up {settings.WarmUp.TotalSeconds:0} s, then measuring {settings.Window.TotalSeconds:0} s");
            deadline.Stage = "in the warm-up";
            recorder.OpenWindow(settings.WarmUp, settings.Window);
            await Task.Delay(settings.WarmUp, cancellationToken);

            using var client = Process.GetCurrentProcess();
            var started = Stopwatch.GetTimestamp();
            var serverCpu = server.Process.CpuTime();
            var clientCpu = client.TotalProcessorTime;
            var machineCpu = MachineCpu.Read();

            deadline.Stage = "in the measured window";
            var loadedKiB = await SampleRssAsync(server, settings.Window, cancellationToken);

            var elapsed = Stopwatch.GetElapsedTime(started);
            serverCpu = server.Process.CpuTime() - serverCpu;
            client.Refresh();
            clientCpu = client.TotalProcessorTime - clientCpu;
            var machineNow = MachineCpu.Read();
            var otherCpu = MachineCpu.Busy(machineCpu, machineNow) - serverCpu - clientCpu;
            var stealCpu = MachineCpu.Steal(machineCpu, machineNow);
            var peakKiB = ProcFs.StatusKiB(server.Process.Id, "VmHWM");
            EnsureRunning(server);

            // Dropped before the tallies are read, so every receive loop has finished writing them.
            deadline.Stage = "dropping the sockets";
            recorder.Stop();
            await DropAllAsync(sockets);
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
                await DropAllAsync(sockets);
            }
        }
    }

    /// <summary>
    /// Waits until the server's CPU drops below <see cref="SettledCpuPercent"/> of a core over a second (a fresh
    /// silo spends its first seconds compiling and starting Orleans), so neither the baseline RSS nor the window
    /// catches start-up work. Returns the last second's CPU: what the server costs with no sockets.
    /// </summary>
    internal static async Task<double> SettleAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var before = server.Process.CpuTime();
            await Task.Delay(SettleStep, cancellationToken);
            var percent = 100 * (server.Process.CpuTime() - before) / SettleStep;
            if (percent < SettledCpuPercent || Stopwatch.GetElapsedTime(started) >= SettleLimit)
            {
                Progress(server, $"settled at {percent:N0} % CPU after {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s");
                return percent;
            }
        }
    }

    /// <summary>
    /// Samples the server's RSS once a second through the window and returns the median: with thousands of sockets
    /// the GC grows and trims its heap in steps, and one reading can land on either side of a step.
    /// </summary>
    private static async Task<long> SampleRssAsync(ServerUnderTest server, TimeSpan window, CancellationToken cancellationToken)
    {
        var samples = new List<long>();
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            samples.Add(ProcFs.StatusKiB(server.Process.Id, "VmRSS"));
            if (WindowSampling.NextDelay(window, Stopwatch.GetElapsedTime(started), RssSampleInterval) is not { } delay)
            {
                break;
            }

            await Task.Delay(delay, cancellationToken);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static async Task ProbeAsync(ServerUnderTest server, HttpMessageInvoker invoker, CancellationToken cancellationToken)
    {
        var recorder = new FanOutRecorder(ack: false);
        using var probe = new FanOutSocket("bench-probe", recorder);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe.ConnectAsync(server.SocketUri, invoker, timeout.Token);
            recorder.OpenWindow(TimeSpan.Zero, ProbeTimeout);
            while (probe.WindowMessages < 3)
            {
                if (probe.Receiving.IsCompleted)
                {
                    throw new BenchFailure($"the probe socket ended: {probe.EndedEarly}");
                }

                await Task.Delay(50, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure here (refused, timed out, protocol error) means the flood would only repeat it 10,000 times.
            throw new BenchFailure($"The probe socket to {server.SocketUri} did not get 3 data messages: {ConnectFailures.Describe(ex)}. {server.Process.Name}'s last output:{Environment.NewLine}{server.Process.Tail()}");
        }
        finally
        {
            recorder.Stop();
            probe.Abort();
            await probe.Receiving;
        }
    }

    internal static async Task<TimeSpan> ConnectAllAsync(
        ServerUnderTest server, FanOutSettings settings, HttpMessageInvoker invoker, FanOutRecorder recorder,
        FanOutSocket?[] sockets, ConnectFailures failures, CancellationToken cancellationToken)
    {
        Progress(server, $"connecting {settings.Sockets:N0} sockets, {settings.ConnectConcurrency} at a time");
        var started = Stopwatch.GetTimestamp();
        var runId = Convert.ToHexStringLower(BitConverter.GetBytes(started))[..8];
        var subscribed = 0;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.ConnectBudget);
        var progress = ReportProgressAsync(server, settings.Sockets, () => Volatile.Read(ref subscribed), budget.Token);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectConcurrency, CancellationToken = budget.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, settings.Sockets), parallel, async (i, token) =>
            {
                var socket = new FanOutSocket(string.Create(CultureInfo.InvariantCulture, $"bench-{runId}-{i}"), recorder);
                sockets[i] = socket;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(PerSocketTimeout);
                try
                {
                    await socket.ConnectAsync(server.SocketUri, invoker, timeout.Token);
                    Interlocked.Increment(ref subscribed);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // One socket's failure is a result to report (how many, and why), not a reason to stop the run.
                    failures.Add(ConnectFailures.Describe(ex));
                    socket.Abort();
                }
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failures.Add($"the connect budget of {settings.ConnectBudget.TotalSeconds:0} s ran out");
        }
        finally
        {
            await budget.CancelAsync();
            await progress;
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task ReportProgressAsync(ServerUnderTest server, int total, Func<int> subscribed, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Progress(server, $"… {subscribed():N0} of {total:N0} subscribed");
            }
        }
        catch (OperationCanceledException)
        {
            // The connect phase is over.
        }
    }

    internal static async Task DropAllAsync(FanOutSocket?[] sockets)
    {
        foreach (var socket in sockets)
        {
            socket?.Abort();
        }

        var receiving = Task.WhenAll(sockets.Where(s => s is not null).Select(s => s!.Receiving));
        if (await Task.WhenAny(receiving, Task.Delay(DrainTimeout)) != receiving)
        {
            await Console.Error.WriteLineAsync($"warning: some receive loops were still running {DrainTimeout.TotalSeconds:0} s after their sockets were aborted");
        }

        foreach (var socket in sockets)
        {
            socket?.Dispose();
        }
    }

    private static void EnsureRunning(ServerUnderTest server)
    {
        if (server.Process.HasExited)
        {
            throw new BenchFailure($"{server.Process.Name} died during the run (exit code {server.Process.ExitCode}; 137 means SIGKILL, often the OOM killer). Its last output:{Environment.NewLine}{server.Process.Tail()}");
        }
    }

    private static void Progress(ServerUnderTest server, string message) =>
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {server.Name}: {message}");
}
