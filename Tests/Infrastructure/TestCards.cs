using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Records;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// How many times each test card's handler ran, by the <c>key</c> parameter, so every test counts its own runs.
/// The test cluster's silos run in this process, so the counts are visible here.
/// </summary>
public static class HandlerRuns
{
    private static readonly ConcurrentDictionary<string, int> Runs = new();

    public static int Record(CardContext context) =>
        Runs.AddOrUpdate($"{context.Card.CardId}:{context.GetString("key")}", 1, (_, n) => n + 1);

    public static int Of(string cardId, string key) => Runs.GetValueOrDefault($"{cardId}:{key}");
}

[Card("tests", "slow_number", "number", CacheTtlSeconds = 60)]
internal sealed class SlowNumberCard : HttpCard
{
    public override async ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var run = HandlerRuns.Record(context);
        await Task.Delay(TimeSpan.FromMilliseconds(context.GetInt32("delayMs", 300)), context.CancellationToken);
        return [new NumberRecord(run) { Label = context.GetString("key") }];
    }
}

[Card("tests", "short_ttl", "number", CacheTtlSeconds = 2)]
internal sealed class ShortTtlCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        new([new NumberRecord(HandlerRuns.Record(context))]);
}

/// <summary>Fails while <c>failures</c> is larger than the number of runs so far, then succeeds.</summary>
[Card("tests", "flaky", "number", CacheTtlSeconds = 60)]
internal sealed class FlakyCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var run = HandlerRuns.Record(context);
        if (run <= context.GetInt32("failures", 1))
        {
            throw new InvalidOperationException("secret connection string=Host=db;Password=hunter2");
        }

        return new([new NumberRecord(run)]);
    }
}

[Card("tests", "invalid_record", "line")]
internal sealed class InvalidRecordCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        new([new ChartRecord([1, 2, 3])]);
}

[Card("tests", "echo", "table", RoutePrefix = "/custom/v2/", Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"])]
internal sealed class EchoCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        new([new TableRecord(
            [new JsonObject { ["params"] = context.Params.DeepClone(), ["filters"] = context.Filters.DeepClone(), ["method"] = context.Method }],
            ["params", "filters", "method"])]);
}
