using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_iframe", CardKinds.Iframe, Title = "Embedded page", CacheTtlSeconds = 60)]
internal sealed class ShowcaseIframeCard : HttpCard
{
    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context)
    {
        // A placeholder page: the demo needs no internet, and the front end only loads it if someone views it.
        var record = new IframeRecord("https://example.com") { Title = "Example page", Width = "100%", Height = 400 };
        return ValueTask.FromResult<IReadOnlyList<CardRecord>>([record]);
    }
}
