using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// Yields record 1, waits until the test signals <c>go</c> for its key (or 10 s), then yields record 2; counts its
/// runs by <c>key</c>. Shared by every request for 60 s.
/// </summary>
[Card("tests", "shared_stream", CardKinds.Line, CacheTtlSeconds = 60)]
internal sealed class SharedStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        var run = HandlerRuns.Record(context);
        var key = context.GetString("key") ?? string.Empty;
        yield return new ChartRecord([new { step = 1, run }]);
        await Task.WhenAny(StreamSignals.For("go", key).Task, Task.Delay(TimeSpan.FromSeconds(10), context.CancellationToken));
        yield return new ChartRecord([new { step = 2, run }]);
    }
}

/// <summary>Two records at once, naming the run; shared for one second.</summary>
[Card("tests", "brief_stream", CardKinds.Line, CacheTtlSeconds = 1)]
internal sealed class BriefStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        var run = HandlerRuns.Record(context);
        await Task.Yield();
        yield return new ChartRecord([new { step = 1, run }]);
        yield return new ChartRecord([new { step = 2, run }]);
    }
}

/// <summary>As <see cref="BriefStreamCard"/>, but its records are all ready at once (no await), as most demo streams.</summary>
[Card("tests", "brief_ready_stream", CardKinds.Line, CacheTtlSeconds = 1)]
internal sealed class BriefReadyStreamCard : StreamingCard
{
    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        var run = HandlerRuns.Record(context);
        return new CardRecord[] { new ChartRecord([new { step = 1, run }]), new ChartRecord([new { step = 2, run }]) }.ToAsyncEnumerable();
    }
}

/// <summary>Names the caller in each of two records and counts runs by key and caller; shared per caller.</summary>
[Card("tests", "whoami_shared_stream", CardKinds.Line, Access = CardAccess.SignedIn, VaryByCaller = true, CacheTtlSeconds = 60)]
internal sealed class WhoAmISharedStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        var who = context.User.Identity?.Name;
        var run = HandlerRuns.Record(context);
        await Task.Yield();
        yield return new ChartRecord([new { who, run }]);
        yield return new ChartRecord([new { who, run }]);
    }
}

[Card("tests", "shared_mixed_log", CardKinds.Line, ErrorPolicy = "log", CacheTtlSeconds = 60)]
internal sealed class SharedMixedLogCard : MixedStreamCard;

[Card("tests", "shared_mixed_fail", CardKinds.Line, ErrorPolicy = "fail", CacheTtlSeconds = 60)]
internal sealed class SharedMixedFailCard : MixedStreamCard;

[Card("tests", "shared_mixed_sse", CardKinds.Line, Format = "sse", CacheTtlSeconds = 60)]
internal sealed class SharedMixedSseCard : MixedStreamCard;

/// <summary>The endless stream, shared for 60 s.</summary>
[Card("tests", "shared_endless_stream", CardKinds.Line, CacheTtlSeconds = 60)]
internal sealed class SharedEndlessStreamCard : EndlessStreamCard;

/// <summary>A few records, one run per request (no TTL): for counting per-request activations.</summary>
[Card("tests", "counted_stream", CardKinds.Line)]
internal sealed class CountedStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        for (var n = 0; n < 3; n++)
        {
            await Task.Yield();
            yield return new ChartRecord([new { n }]);
        }
    }
}

/// <summary>The endless stream under a route of its own, one run per request: a client that leaves mid-stream.</summary>
[Card("tests", "counted_endless_stream", CardKinds.Line)]
internal sealed class CountedEndlessStreamCard : EndlessStreamCard;
