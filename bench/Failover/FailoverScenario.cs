using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Cli;

namespace Cereon.Bench.Failover;

/// <summary>
/// Reads through both gateways while a silo is killed with SIGKILL, and later while the other silo is stopped with
/// SIGTERM (as a rolling update does): how long reads stayed disturbed, and how many failed.
/// </summary>
internal static class FailoverScenario
{
    private const int ReaderCount = 8;
    private static readonly TimeSpan Before = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan AfterStop = TimeSpan.FromSeconds(10);

    public static async Task<FailoverResult> RunAsync(LocalCluster cluster, CancellationToken cancellationToken)
    {
        var kill = await UnderFaultAsync(cluster, AfterKill, () => cluster.KillAsync("silo", 1, cancellationToken), cancellationToken);

        // Back to two silos before the second fault, so the graceful stop has somewhere to move its grains.
        await cluster.RestartAsync("silo", 1, cancellationToken);
        var pid = await cluster.PidAsync("silo", 2, cancellationToken);
        var stop = await UnderFaultAsync(cluster, AfterStop, () => StopGracefullyAsync(pid, cancellationToken), cancellationToken);
        return new FailoverResult(kill, stop);
    }

    private static async Task<FaultResult> UnderFaultAsync(LocalCluster cluster, TimeSpan after, Func<Task> fault, CancellationToken cancellationToken)
    {
        var readers = new Readers(cluster.Gateways, ReaderCount);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = readers.RunAsync(stop.Token);
        await Task.Delay(Before, cancellationToken);
        var faultAt = readers.Now;
        await fault();
        await Task.Delay(after, cancellationToken);
        await stop.CancelAsync();
        await reading;
        var (total, failed) = readers.CountSince(faultAt);
        return new FaultResult(readers.RecoveryAfter(faultAt), failed, total);
    }

    /// <summary>SIGTERM, then wait for the silo's graceful shutdown to finish.</summary>
    private static async Task StopGracefullyAsync(int pid, CancellationToken cancellationToken)
    {
        using var process = Process.GetProcessById(pid);
        var signal = new ProcessStartInfo("kill") { UseShellExecute = false };
        signal.ArgumentList.Add("-TERM");
        signal.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using (var kill = Process.Start(signal) ?? throw new BenchFailure("could not run kill"))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }
}

/// <summary>One fault: reads disturbed for this long after it, and failed reads of those that ended after it.</summary>
internal sealed record FaultResult(TimeSpan Recovery, int Failed, int Total);

internal sealed record FailoverResult(FaultResult Kill, FaultResult GracefulStop);
