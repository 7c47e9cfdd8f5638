using System.Collections.Concurrent;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Tests.Infrastructure;

/// <summary>Handler runs by card, <c>key</c> parameter and whatever the card saw of its caller.</summary>
public static class CallerRuns
{
    private static readonly ConcurrentDictionary<string, int> Runs = new();

    public static int Record(CardContext context, string? seen) =>
        Runs.AddOrUpdate($"{context.Card.CardId}:{context.GetString("key")}:{seen}", 1, (_, n) => n + 1);

    public static int Of(string cardId, string key, string seen) => Runs.GetValueOrDefault($"{cardId}:{key}:{seen}");
}

/// <summary>Answers who asked (label) and how often the handler ran for them; cached per caller.</summary>
[Card("tests", "whoami", CardKinds.Number, Access = CardAccess.SignedIn, VaryByCaller = true, CacheTtlSeconds = 60)]
internal sealed class WhoAmICard : HttpCard
{
    public override async ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var name = context.User.Identity?.Name;
        var run = CallerRuns.Record(context, name);
        await Task.Delay(TimeSpan.FromMilliseconds(context.GetInt32("delayMs", 0)), context.CancellationToken);
        return [new NumberRecord(run) { Label = name }];
    }
}

/// <summary>Answers the caller's tenant claim; cached per tenant, so callers of one tenant share results.</summary>
[Card("tests", "tenant_report", CardKinds.Number, Access = CardAccess.SignedIn, VaryByClaims = ["tenant"], CacheTtlSeconds = 60)]
internal sealed class TenantReportCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var tenant = context.User.FindFirst("tenant")?.Value;
        var seesOnlyTenant = context.User.Claims.All(c => c.Type == "tenant");
        return new([new NumberRecord(CallerRuns.Record(context, tenant)) { Label = seesOnlyTenant ? tenant : "saw more than the tenant" }]);
    }
}

/// <summary>Only for callers whose tenant claim is acme.</summary>
[Card("tests", "acme_only", CardKinds.Number, RequiredClaims = ["tenant=acme"])]
internal sealed class AcmeOnlyCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) => new([new NumberRecord(1)]);
}

/// <summary>Public and shared: its handler must see nobody, whoever asks, since its result goes to everyone.</summary>
[Card("tests", "shared_public", CardKinds.Number, CacheTtlSeconds = 60)]
internal sealed class SharedPublicCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        new([new NumberRecord(1) { Label = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : "anonymous" }]);
}

/// <summary>Streams three records naming the caller.</summary>
[Card("tests", "whoami_stream", CardKinds.Line, Access = CardAccess.SignedIn, VaryByCaller = true)]
internal sealed class WhoAmIStreamCard : StreamingCard
{
    public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
    {
        for (var n = 0; n < 3; n++)
        {
            await Task.Yield();
            yield return new ChartRecord([new { who = context.User.Identity?.Name, n }]);
        }
    }
}

/// <summary>Counts up every 50 ms for the caller it streams to, naming them in every record.</summary>
[Card("tests", "whoami_live", CardKinds.Number, Access = CardAccess.SignedIn, VaryByCaller = true)]
internal sealed class WhoAmILiveCard : LiveCard
{
    public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
    {
        for (var n = 1; ; n++)
        {
            yield return new NumberRecord(n) { Label = context.User.Identity?.Name };
            await Task.Delay(TimeSpan.FromMilliseconds(50), context.CancellationToken);
        }
    }
}
