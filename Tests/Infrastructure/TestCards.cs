using System.Collections.Concurrent;
using System.Globalization;
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

[Card("tests", "echo", "table", RoutePrefix = "/custom/v2/", Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"], CacheTtlSeconds = 0)]
internal sealed class EchoCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        new([new TableRecord(
            [new JsonObject { ["params"] = context.Params.DeepClone(), ["filters"] = context.Filters.DeepClone(), ["method"] = context.Method }],
            ["params", "filters", "method"])]);
}

/// <summary>Signals from streaming test cards, by the <c>key</c> parameter.</summary>
public static class StreamSignals
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<DateTimeOffset>> Signals = new();

    public static TaskCompletionSource<DateTimeOffset> For(string name, string key) =>
        Signals.GetOrAdd($"{name}:{key}", _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Yields one record, waits for the test to say it arrived (or 10 s), then yields the last.</summary>
[Card("tests", "slow_stream", "line")]
internal sealed class SlowStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        var key = context.GetString("key") ?? string.Empty;
        yield return new ChartRecord([new { step = 1 }]);
        await Task.WhenAny(StreamSignals.For("first-received", key).Task, Task.Delay(TimeSpan.FromSeconds(10), context.CancellationToken));
        StreamSignals.For("second-produced", key).TrySetResult(DateTimeOffset.UtcNow);
        yield return new ChartRecord([new { step = 2 }]);
    }
}

/// <summary>As many one-point records as <c>records</c> asks, as fast as they can be taken.</summary>
[Card("tests", "bulk_stream", "line")]
internal sealed class BulkStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        var count = int.Parse(context.GetString("records") ?? "1", CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }

            yield return new ChartRecord([new JsonObject { ["n"] = i }]);
        }
    }
}

/// <summary>Produces forever until cancelled, and reports the cancellation.</summary>
[Card("tests", "endless_stream", "line")]
internal class EndlessStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        var key = context.GetString("key") ?? string.Empty;
        using var registration = context.CancellationToken.Register(() => StreamSignals.For("cancelled", key).TrySetResult(DateTimeOffset.UtcNow));
        for (var step = 0; ; step++)
        {
            yield return new ChartRecord([new { step }]);
            await Task.Delay(TimeSpan.FromMilliseconds(50), context.CancellationToken);
        }
    }
}

/// <summary>A valid record, an invalid one, a valid one; then throws if asked to. Counts its runs by key.</summary>
internal abstract class MixedStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        HandlerRuns.Record(context);
        await Task.Yield();
        yield return new ChartRecord([new { n = 1 }]);
        yield return new ChartRecord([42]);
        yield return new ChartRecord([new { n = 3 }]);
        if (context.GetString("throw") == "yes")
        {
            throw new InvalidOperationException("boom");
        }
    }
}

[Card("tests", "mixed_skip", "line", ErrorPolicy = "skip")]
internal sealed class MixedSkipCard : MixedStreamCard;

[Card("tests", "mixed_log", "line", ErrorPolicy = "log")]
internal sealed class MixedLogCard : MixedStreamCard;

[Card("tests", "mixed_fail", "line", ErrorPolicy = "fail")]
internal sealed class MixedFailCard : MixedStreamCard;

[Card("tests", "mixed_sse", "line", Format = "sse")]
internal sealed class MixedSseCard : MixedStreamCard;

/// <summary>
/// Counts up every <c>periodMs</c> (default 50); counts its producer starts by <c>key</c>, and signals by <c>key</c>
/// when a producer ends because it was stopped ("producer-stopped", first) and when it ends however it ends
/// ("producer-ended").
/// </summary>
/// <remarks>
/// "Stopped" is read from the token as the run ends, not from a callback registered on it: a stop cancels the token's
/// pending delay first, and the run could end and unregister such a callback before the stop reached it, which lost
/// the signal about once in 70 stops on a busy machine (the lease test failed on it in CI).
/// </remarks>
[Card("tests", "counter_live", "number")]
internal sealed class CounterLiveCard : LiveCard
{
    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        HandlerRuns.Record(context);
        var key = context.GetString("key") ?? string.Empty;
        try
        {
            var period = TimeSpan.FromMilliseconds(context.GetInt32("periodMs", 50));
            var padding = new string('x', context.GetInt32("padBytes", 0));
            for (var n = 1; ; n++)
            {
                yield return new NumberRecord(n) { Label = padding.Length > 0 ? padding : context.Topic };
                await Task.Delay(period, context.CancellationToken);
            }
        }
        finally
        {
            if (context.CancellationToken.IsCancellationRequested)
            {
                StreamSignals.For("producer-stopped", key).TrySetResult(DateTimeOffset.UtcNow);
            }

            StreamSignals.For("producer-ended", key).TrySetResult(DateTimeOffset.UtcNow);
        }
    }
}

/// <summary>Publishes what clients send it; only topics "a" and "b"; a short heartbeat.</summary>
[Card("tests", "chat_live", "number", Topics = ["a", "b"], HeartbeatMs = 300)]
internal sealed class ChatLiveCard : LiveCard
{
    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        yield break;
    }

    public override ValueTask<IReadOnlyList<CardRecord>> OnClientMessageAsync(CardContext context, JsonObject message) =>
        new([new NumberRecord((double?)message["value"] ?? 0) { Label = context.Topic }]);
}

/// <summary>
/// Serves any topic that names a room (<c>room-…</c>), each a stream of its own; its producer idles. The test silos cap
/// it, like every live card, at <see cref="TestSiloConfigurator.MaxProducersPerCard"/> producers per silo.
/// </summary>
internal abstract class RoomTopicsCard : LiveCard
{
    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        yield return new NumberRecord(0) { Label = context.Topic };
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
    }

    public override bool IsValidTopic(string topic) => topic.StartsWith("room-", StringComparison.Ordinal);
}

[Card("tests", "room_live", "number")]
internal sealed class RoomLiveCard : RoomTopicsCard;

/// <summary>
/// The same rooms, for the test that fills the producer cap: its places come free only as its producers stop, so the
/// tests of <see cref="RoomLiveCard"/> that need a place must not share them.
/// </summary>
[Card("tests", "room_cap_live", "number")]
internal sealed class RoomCapLiveCard : RoomTopicsCard;

/// <summary>Succeeds on its first run only; never cached, so every later request runs it and fails.</summary>
[Card("tests", "fails_after_first", "number", CacheTtlSeconds = 0)]
internal sealed class FailsAfterFirstCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        HandlerRuns.Record(context) == 1
            ? new([new NumberRecord(1) { Meta = new JsonObject { ["unit"] = "u" } }])
            : throw new InvalidOperationException("the data source is down");
}

/// <summary>Answers the trace id its handler runs under, which shows the request's trace reaching grain code.</summary>
[Card("tests", "trace_probe", "number", CacheTtlSeconds = 0)]
internal sealed class TraceProbeCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        new([new NumberRecord(0) { Label = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? "none" }]);
}

/// <summary>A live line chart of one point <c>{n}</c> every <c>periodMs</c> (default 50) with a five-point window.</summary>
[Card("tests", "window_live", "line")]
internal sealed class WindowLiveCard : LiveCard
{
    public override LiveWindow Window => new(5, null);

    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        var period = TimeSpan.FromMilliseconds(context.GetInt32("periodMs", 50));
        for (var n = 1; ; n++)
        {
            yield return new ChartRecord([new { n }]);
            await Task.Delay(period, context.CancellationToken);
        }
    }
}
