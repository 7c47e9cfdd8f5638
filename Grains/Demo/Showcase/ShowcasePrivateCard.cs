using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_private", CardKinds.Number, Access = CardAccess.SignedIn, VaryByCaller = true, Title = "Private: any signed-in user", CacheTtlSeconds = 30)]
internal sealed class ShowcasePrivateCard(TimeProvider time) : HttpCard
{
    private const string Series = "showcase_private";

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var value = DemoRandom.ForDay(DemoDay.Today(time), Series).Around(1_280, 0.1);
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([new NumberRecord(value) { Label = $"Signed in as {context.User.Identity?.Name}" }]);
    }
}
