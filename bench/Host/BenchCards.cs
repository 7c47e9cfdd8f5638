using Cereon.Grains.Cards;
using Cereon.Grains.Records;

namespace Cereon.Bench.Host;

/// <summary>The report the bench cards belong to.</summary>
internal static class BenchReport
{
    public const string Id = "bench";
}

/// <summary>A handler that takes <c>delayMs</c> (default 200) and counts its runs, for the cold storm.</summary>
[Card(BenchReport.Id, "cold_storm", "number", CacheTtlSeconds = 300)]
internal sealed class ColdStormCard : HttpCard
{
    public override async ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        HandlerRuns.Record(context.GetString("key") ?? string.Empty);
        await Task.Delay(TimeSpan.FromMilliseconds(context.GetInt32("delayMs", 200)), context.CancellationToken);
        return [new NumberRecord(42) { Label = "cold storm" }];
    }
}

/// <summary>
/// Yields one record stamped with the moment it is yielded, then waits <c>waitMs</c> (default 1000) before the last:
/// a slow source, where only the first record's delivery time matters.
/// </summary>
[Card(BenchReport.Id, "slow_stream", "line")]
internal sealed class SlowStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        yield return new ChartRecord([new { producedTicks = DateTime.UtcNow.Ticks }]);
        await Task.Delay(TimeSpan.FromMilliseconds(context.GetInt32("waitMs", 1000)), context.CancellationToken);
        yield return new ChartRecord([new { producedTicks = DateTime.UtcNow.Ticks }]);
    }
}

/// <summary><c>records</c> (default 100,000) small line records as fast as the consumer takes them.</summary>
[Card(BenchReport.Id, "bulk_stream", "line")]
internal sealed class BulkStreamCard : StreamingCard
{
    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        Enumerable.Range(0, context.GetInt32("records", 100_000))
            .Select(i => (CardRecord)new ChartRecord([new { i, value = i % 1000 }]))
            .ToAsyncEnumerable();
}

/// <summary>A live card that never publishes: its subscribers are idle sockets, for the memory-per-socket reading.</summary>
[Card(BenchReport.Id, "idle_live", "number")]
internal sealed class IdleLiveCard : LiveCard
{
    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        yield break;
    }
}
