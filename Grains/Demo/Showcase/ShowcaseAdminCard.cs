using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_admin", CardKinds.Number, Roles = ["admin"], Title = "Admin only: role 'admin'", CacheTtlSeconds = 30)]
internal sealed class ShowcaseAdminCard(TimeProvider time) : HttpCard
{
    private const string Series = "showcase_admin";

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        var value = DemoRandom.ForDay(DemoDay.Today(time), Series).Around(42, 0.2);
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([new NumberRecord(value) { Label = "Admins only" }]);
    }
}
