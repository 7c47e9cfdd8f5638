using Cereon.Bench.CachedRead;
using Cereon.Bench.HttpCeiling;
using Cereon.Bench.Targets;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.Suite;

/// <summary>
/// The embedded silo's request rows: the cached read beside the bare Kestrel ceiling, and, in the same rounds, a short
/// streaming card and the 304 answer to the cached read, each judged against that cached read.
/// </summary>
internal sealed partial class SuiteRun
{
    private const string StreamingCardPath = "/api/cards/revenue_trend";
    private const string CachedScenario = "1. cached read, embedded";
    private const string ShortStreamScenario = "1. short streaming card, embedded";
    private const string NotModifiedScenario = "1. cached read answered 304, embedded";
    private const string AgainstCachedRead = "the ceiling column is the cached read of the same rounds";

    private async Task EmbeddedReadsAsync(HttpServer server, HttpServer ceiling, HttpClient client, long bodyBytes, CancellationToken cancellationToken)
    {
        var cached = server.Url(CachedCardPath);
        var conditional = await ConditionalRead.ProbeAsync(client, cached, cancellationToken);
        var records = await NdjsonRecordsAsync(client, server.Url(StreamingCardPath), cancellationToken);

        List<ReadTarget> targets = [new(cached), new(ceiling.Url(HttpCeilingCommand.BytesPath)), new(server.Url(StreamingCardPath))];
        if (conditional.Missing is null)
        {
            targets.Add(new ReadTarget(cached, Conditional: conditional));
        }

        var comparison = await CompareReadsAsync(targets, cancellationToken);
        var results = comparison.Results;
        var (cereon, bare, streaming) = (results[0], results[1], results[2]);

        AddReadRows(CachedScenario, cereon, bare, 0.75);
        report.Command(CachedScenario, Invariant($"`{Wrk.CommandLine(settings.ReadRound, "http://127.0.0.1:<port>" + CachedCardPath)}` against `dotnet Silo/bin/Release/net10.0/Cereon.Silo.dll --urls http://127.0.0.1:<port>`, and the same wrk against `bench -- http-ceiling --body <that card's {bodyBytes} bytes>` (plain Kestrel, same Content-Type); the cached read, the ceiling, the short streaming card{(results.Count > 3 ? " and the 304 answer" : string.Empty)} {ReadRoundsText(comparison)}"));

        AddAgainstCachedRows(ShortStreamScenario, streaming, cereon, 0.60);
        report.Command(ShortStreamScenario, Invariant($"`{Wrk.CommandLine(settings.ReadRound, "http://127.0.0.1:<port>" + StreamingCardPath)}` against the same silo, in the cached read's rounds (`revenue_trend`: NDJSON, {records} records in this run's answer, 4 expected); target ≥ 0.60× the cached read's req/s"));

        if (results.Count > 3)
        {
            AddAgainstCachedRows(NotModifiedScenario, results[3], cereon, 1.0, everyAnswerCounted: conditional.StaleLoads == 0);
            report.Command(NotModifiedScenario, Invariant($"`{Wrk.CommandLine(settings.ReadRound, "http://127.0.0.1:<port>" + CachedCardPath, conditional.Header)}` against the same silo, in the cached read's rounds; each load (warm-up windows too) sends the ETag of a GET made just before it while at least the load and 2 s were left of that answer's max-age (waiting for the card's next answer otherwise), and after each load the same ETag must still answer 304, so that every answer of the load was a 304: {conditional.Loads} loads, {conditional.StaleLoads} stale. Target: at least the cached read's req/s, with no stale load"));
        }
        else
        {
            report.Add(new ResultRow(NotModifiedScenario, "req/s, 64 connections, If-None-Match: <ETag of a first GET>", conditional.Missing ?? string.Empty, N0(cereon.RequestsPerSecond), string.Empty, "≥ 1.00× cached read", Verdict.NotMet));
            report.Command(NotModifiedScenario, Invariant($"a GET of `{CachedCardPath}` on the same silo, then the same GET with `If-None-Match` set to its ETag; not loaded, since {conditional.Missing}"));
        }
    }

    /// <summary>A row of <paramref name="measured"/> against the cached read of the same rounds, and its latency row.</summary>
    private void AddAgainstCachedRows(string scenario, WrkResult measured, WrkResult cachedRead, double target, bool everyAnswerCounted = true)
    {
        report.Add(new ResultRow(scenario, $"req/s, 64 connections ({AgainstCachedRead})", N0(measured.RequestsPerSecond), N0(cachedRead.RequestsPerSecond), Ratio(measured.RequestsPerSecond, cachedRead.RequestsPerSecond), Invariant($"≥ {target:0.00}× cached read"), Meets(measured.RequestsPerSecond >= target * cachedRead.RequestsPerSecond && measured.Non2xx == 0 && everyAnswerCounted)));
        report.Add(new ResultRow(scenario, "latency p50 / p99 ms", $"{Ms(measured.P50)} / {Ms(measured.P99)}", $"{Ms(cachedRead.P50)} / {Ms(cachedRead.P99)}", Ratio(measured.P99.TotalMilliseconds, cachedRead.P99.TotalMilliseconds), string.Empty, Verdict.None));
        if (measured.Non2xx > 0 || measured.SocketErrors is not null)
        {
            report.Note(Invariant($"{scenario}: {measured.Non2xx:N0} responses of 400 or above; {measured.SocketErrors ?? "no socket errors"}"));
        }
    }

    private static async Task<int> NdjsonRecordsAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        var body = await client.GetStringAsync(url, cancellationToken);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
    }
}

/// <summary>
/// One URL that wrk loads in a read comparison, with the one header its requests carry, if any, or the conditional read
/// that gives each load its <c>If-None-Match</c>.
/// </summary>
internal sealed record ReadTarget(Uri Url, string? Header = null, ConditionalRead? Conditional = null);

/// <summary>A read comparison's combined result per target, and how long each target was warmed, in target order.</summary>
internal sealed record ReadComparison(IReadOnlyList<WrkResult> Results, IReadOnlyList<TimeSpan> WarmUps);
