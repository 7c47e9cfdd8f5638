using System.Globalization;
using Cereon.Bench.Cli;
using Cereon.Bench.Failover;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.DurablePublish;

/// <summary>
/// The <c>publish</c> scenario alone: <c>scripts/cluster.sh up</c> on free ports, durable publishing beside pgbench on
/// the cluster's database, then the cluster goes down. The suite runs the same scenario on its distributed cluster.
/// </summary>
internal sealed class DurablePublishCommand : IBenchCommand
{
    public string Name => "publish";

    public string? Usage => """
        publish    Durable publishing into one live card on the local cluster, beside pgbench on the same PostgreSQL.
          --seconds S          length of each round (default 5)
          --rounds N           rounds, each a wrk round then a pgbench round (default 3)
        """;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var round = TimeSpan.FromSeconds(args.Int("seconds", 5, 1, 600));
        var rounds = args.Int("rounds", 3, 1, 100);
        args.RejectUnknown();

        var work = Directory.CreateTempSubdirectory("cereon-bench-publish-").FullName;
        try
        {
            await using var cluster = await LocalCluster.UpAsync(cancellationToken);
            var result = await DurablePublishScenario.RunAsync(cluster.Gateways[0], cluster.PostgresPort, work, TimeSpan.FromSeconds(3), round, rounds, cancellationToken);
            var publish = result.Publish;
            var numbering = result.Numbering;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                | durable publish, one card, {DurablePublishScenario.Connections} connections | Cereon | pgbench (ceiling) | ratio |
                |---|---:|---:|---:|
                | per second | {N0(publish.RequestsPerSecond)} | {N0(result.CeilingTps)} | {Ratio(publish.RequestsPerSecond, result.CeilingTps)} |
                | latency ms | p50 {Ms(publish.P50)}, p99 {Ms(publish.P99)} | average {Ms(result.CeilingLatency)} | |
                | stored numbering | {numbering.Count:N0} messages, seq {numbering.First:N0}–{numbering.Last:N0}, head {numbering.Head:N0}: {(numbering.GapFree ? "gap-free" : "GAPS")} | | |
                | non-2xx answers | {publish.Non2xx:N0} | | |
                """));
            return numbering.GapFree && publish.Non2xx == 0 ? 0 : BenchFailure.RunFailed;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
