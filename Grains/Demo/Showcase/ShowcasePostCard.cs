using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

// Never cached: the card echoes what each call sent, so a cached answer would show another call's parameters.
[Card(DemoReports.Showcase, "showcase_post", CardKinds.Table, Methods = ["GET", "POST"], CacheTtlSeconds = 0,
    Title = "Parameters received (GET or POST)")]
internal sealed class ShowcasePostCard : HttpCard
{
    private static readonly IReadOnlyList<string> Columns = ["name", "value"];

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var rows = context.Params.Select(p => new { name = p.Key, value = context.GetString(p.Key) ?? "null" });
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([new TableRecord([.. rows], Columns)]);
    }
}
