using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Cli;
using Cereon.Bench.Targets;

namespace Cereon.Bench.FanOut;

/// <summary>
/// Opens and drops the sockets of a socket load: one probe socket first, then every socket within a connect budget,
/// a failed socket counted by its cause rather than stopping the run, and at the end all of them at once.
/// </summary>
internal static class FanOutSockets
{
    internal static readonly TimeSpan PerSocketTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    internal static async Task ProbeAsync(ServerUnderTest server, HttpMessageInvoker invoker, CancellationToken cancellationToken)
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
        ServerWatch.Progress(server, $"connecting {settings.Sockets:N0} sockets, {settings.ConnectConcurrency} at a time");
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
                ServerWatch.Progress(server, $"… {subscribed():N0} of {total:N0} subscribed");
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
}
