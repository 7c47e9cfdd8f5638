using Cereon.Bench.Cli;
using Cereon.Bench.Processes;
using Cereon.Bench.Targets;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.FanOut;

/// <summary>
/// Server memory per idle socket: RSS with N sockets subscribed to a card that never publishes, minus RSS with one,
/// over N. Each reading is the median of several, taken once the server's CPU has settled.
/// </summary>
internal static class IdleSockets
{
    private const int Samples = 5;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan ConnectBudget = TimeSpan.FromSeconds(120);

    /// <summary>The connect budget and two CPU settlings, with room for the probe, the readings and the drop.</summary>
    private static readonly TimeSpan TimeLimit = ConnectBudget + TimeSpan.FromMinutes(3);

    public static async Task<IdleResult> MeasureAsync(ServerUnderTest server, int sockets, CancellationToken cancellationToken)
    {
        using var deadline = new ScenarioDeadline(Invariant($"idle sockets ({sockets:N0}) against {server.Name}"), TimeLimit, cancellationToken);
        try
        {
            return await MeasureAsync(server, sockets, deadline);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            throw deadline.Failure();
        }
    }

    private static async Task<IdleResult> MeasureAsync(ServerUnderTest server, int sockets, ScenarioDeadline deadline)
    {
        var cancellationToken = deadline.Token;
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(30) });
        var recorder = new FanOutRecorder(ack: false);
        var all = new FanOutSocket?[sockets + 1];
        try
        {
            // One socket first activates the card, so its cost is in the baseline rather than charged to the sockets.
            var probe = new FanOutSocket("bench-idle-probe", recorder);
            all[sockets] = probe;
            deadline.Stage = "in the probe";
            await probe.ConnectAsync(server.SocketUri, invoker, cancellationToken);
            await ServerWatch.SettleAsync(server, cancellationToken);
            var baseline = await SampleAsync(server, cancellationToken);

            var settings = new FanOutSettings(sockets, TimeSpan.Zero, TimeSpan.Zero, 200, ConnectBudget, false, string.Empty, true, true, false);
            var failures = new ConnectFailures();
            deadline.Stage = "connecting";
            await FanOutSockets.ConnectAllAsync(server, settings, invoker, recorder, all, failures, cancellationToken);
            var subscribed = all.Count(s => s is { IsSubscribed: true }) - 1;
            if (subscribed <= 0)
            {
                throw new BenchFailure($"No idle socket of {server.Name} subscribed: {string.Join("; ", failures.ByCause.Select(f => $"{f.Value} × {f.Key}"))}");
            }

            deadline.Stage = "reading the loaded RSS";
            await ServerWatch.SettleAsync(server, cancellationToken);
            var loaded = await SampleAsync(server, cancellationToken);
            return new IdleResult(subscribed, sockets, baseline, loaded);
        }
        finally
        {
            deadline.Stage = "dropping the sockets";
            recorder.Stop();
            await FanOutSockets.DropAllAsync(all);
        }
    }

    private static async Task<long> SampleAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        var samples = new List<long>();
        for (var i = 0; i < Samples; i++)
        {
            samples.Add(ProcFs.StatusKiB(server.Process.Id, "VmRSS"));
            await Task.Delay(SampleInterval, cancellationToken);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}

internal sealed record IdleResult(int Subscribed, int Requested, long BaselineKiB, long LoadedKiB)
{
    public double KiBPerSocket => (LoadedKiB - BaselineKiB) / (double)Subscribed;
}
