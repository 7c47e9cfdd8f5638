using Cereon.Bench.DurablePublish;
using Cereon.Bench.Failover;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.Suite;

/// <summary>The distributed cluster's durable-publish rows (issue 13 item 6): publishing beside pgbench on the same database.</summary>
internal sealed partial class SuiteRun
{
    private const string PublishScenario = "8. durable publish, one card, 32 connections";
    private static readonly TimeSpan PublishWarmUp = TimeSpan.FromSeconds(3);

    private async Task DurablePublishAsync(LocalCluster cluster, CancellationToken cancellationToken)
    {
        var round = settings.Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(5);
        var result = await DurablePublishScenario.RunAsync(cluster.Gateways[0], cluster.PostgresPort, work, PublishWarmUp, round, settings.ReadRounds, cancellationToken);
        var publish = result.Publish;
        var rateMet = publish.RequestsPerSecond >= 0.5 * result.CeilingTps && publish.Non2xx == 0;
        report.Add(new ResultRow(PublishScenario, "acknowledged publishes/s (ceiling: pgbench inserts of the same rows, tps)", N0(publish.RequestsPerSecond), N0(result.CeilingTps), Ratio(publish.RequestsPerSecond, result.CeilingTps), "≥ 0.50× pgbench", Meets(rateMet)));
        report.Add(new ResultRow(PublishScenario, "latency p50 / p99 ms (ceiling: pgbench's average)", $"{Ms(publish.P50)} / {Ms(publish.P99)}", Ms(result.CeilingLatency), string.Empty, "p99 ≤ 50 ms", Meets(publish.P99 <= TimeSpan.FromMilliseconds(50))));
        var numbering = result.Numbering;
        report.Add(new ResultRow(PublishScenario, "stored numbering", Invariant($"{numbering.Count:N0} messages, seq {numbering.First:N0}–{numbering.Last:N0}, head {numbering.Head:N0}"), string.Empty, string.Empty, "gap-free", Meets(numbering.GapFree)));
        report.Command(PublishScenario, Invariant(
            $"on that cluster, `{DurablePublishScenario.WrkCommandLine(round, cluster.Gateways[0])}` (publish.lua POSTs `{{\"data\":[<one ticker record>]}}`; each answer means the record is stored in PostgreSQL), after {PublishWarmUp.TotalSeconds:0} s of warm-up, alternating {settings.ReadRounds} times with `{DurablePublishScenario.PgBenchCommandLine(round, cluster.PostgresPort)}` inserting rows of the same shape (stream, seq from a sequence, message id, time, the record's bytes) into a copy of `cereon_live_messages` in the same database; publishes/s is the rounds' mean, p99 their worst, pgbench's latency its worst round's average. Then the card stream's stored seqs are counted against its head"));
        if (publish.Non2xx > 0 || publish.SocketErrors is not null)
        {
            report.Note(Invariant($"{PublishScenario}: {publish.Non2xx:N0} non-2xx answers; {publish.SocketErrors ?? "no socket errors"}"));
        }

        Failed |= !numbering.GapFree || publish.Non2xx > 0;
    }
}
