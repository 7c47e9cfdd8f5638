using System.Globalization;
using System.Runtime.InteropServices;

namespace Cereon.Bench.FanOut;

/// <summary>Writes the fan-out results as a Markdown table, the Cereon-to-ceiling ratios, and notes on the run.</summary>
internal static class FanOutReport
{
    /// <summary>CPU of other processes (% of one core) past which a window is flagged as disturbed.</summary>
    private const double NoisyNeighbour = 20;

    public static void Write(TextWriter output, FanOutSettings settings, IReadOnlyList<FanOutResult> results)
    {
        output.WriteLine();
        output.WriteLine(Invariant($"### fan-out: {settings.Sockets:N0} sockets, {settings.Window.TotalSeconds:0} s window after {settings.WarmUp.TotalSeconds:0} s warm-up{(settings.Ack ? ", every message acknowledged" : string.Empty)}"));
        output.WriteLine();
        output.WriteLine("| scenario | sockets | delivered msg/s | p50 ms | p99 ms | max ms | gaps | dups | server RSS/socket KiB |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var sockets = r.Subscribed == r.Requested ? Invariant($"{r.Requested:N0}") : Invariant($"{r.Subscribed:N0} of {r.Requested:N0}");
            output.WriteLine(Invariant(
                $"| {r.Scenario} | {sockets} | {r.DeliveredPerSecond:N0} | {Ms(r.Latency.P50Micros)} | {Ms(r.Latency.P99Micros)} | {Ms(r.Latency.MaxMicros)} | {r.Gaps:N0} | {r.Duplicates:N0} | {r.RssPerSocketKiB:N1} |"));
        }

        output.WriteLine();
        if (results.FirstOrDefault(r => r.Scenario == Targets.CereonSilo.Name) is { } cereon
            && results.FirstOrDefault(r => r.Scenario == Targets.CeilingServer.Name) is { } ceiling)
        {
            output.WriteLine(
                $"cereon / bare ceiling: delivered {Ratio(cereon.DeliveredPerSecond, ceiling.DeliveredPerSecond)}; " +
                $"p99 {Ms(cereon.Latency.P99Micros)} ms vs {Ms(ceiling.Latency.P99Micros)} ms ({Ratio(cereon.Latency.P99Micros, ceiling.Latency.P99Micros)}); " +
                $"RSS/socket {Ratio(cereon.RssPerSocketKiB, ceiling.RssPerSocketKiB)}");
            output.WriteLine();
        }

        output.WriteLine(Invariant($"Notes ({Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; client and server share these cores):"));
        foreach (var r in results)
        {
            output.WriteLine(
                Invariant($"- {r.Scenario}: CPU in the window {r.ServerCpuPercent:N0} % server (settled, before connecting: {r.IdleServerCpuPercent:N0} %), {r.ClientCpuPercent:N0} % client, {r.OtherCpuPercent:N0} % other processes, {r.StealCpuPercent:N0} % steal; 100 % = one core. ") +
                Invariant($"Source {r.SourceRate:N2} msg/s, delivery {r.Delivery:P1} of sockets × source. ") +
                Invariant($"Subscribed {r.Subscribed:N0}/{r.Requested:N0} in {r.ConnectTime.TotalSeconds:N1} s. ") +
                Invariant($"RSS {Mib(r.BaselineRssKiB)} → {Mib(r.LoadedRssKiB)} MiB (peak {Mib(r.PeakRssKiB)}). ") +
                Invariant($"{r.Latency.Count:N0} latency samples, mean message {r.MeanMessageBytes:N0} B."));
            if (r.Overrides is { } overrides)
            {
                output.WriteLine($"  - run with {overrides}");
            }

            if (r.OtherCpuPercent >= NoisyNeighbour)
            {
                output.WriteLine(Invariant($"  - WARNING: other processes used {r.OtherCpuPercent:N0} % of a core during this window; its numbers are not clean."));
            }

            foreach (var (cause, count) in r.ConnectFailures)
            {
                output.WriteLine(Invariant($"  - connect/subscribe failed ×{count:N0}: {cause}"));
            }

            foreach (var (reason, count) in r.EndedEarly)
            {
                output.WriteLine(Invariant($"  - ended before the run did ×{count:N0}: {reason}"));
            }

            if (r.Missing > 0 || r.Errors > 0 || r.Latency.Negative > 0)
            {
                output.WriteLine(Invariant($"  - {r.Missing:N0} messages missing in the gaps; {r.Errors:N0} error frames; {r.Latency.Negative:N0} negative latencies counted as 0"));
            }
        }

        output.WriteLine("- Latency is receipt minus the message's own `timestamp`, which has whole milliseconds: every value reads up to 1 ms high (0.5 ms on average), in both rows alike.");
    }

    private static string Ms(long micros)
    {
        var ms = micros / 1000.0;
        return ms switch
        {
            < 10 => ms.ToString("0.00", CultureInfo.InvariantCulture),
            < 100 => ms.ToString("0.0", CultureInfo.InvariantCulture),
            _ => ms.ToString("N0", CultureInfo.InvariantCulture),
        };
    }

    private static string Mib(long kib) => (kib / 1024.0).ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double value, double baseline) =>
        baseline == 0 ? "n/a" : (value / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
