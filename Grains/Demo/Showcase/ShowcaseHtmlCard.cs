using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_html", CardKinds.Html, Title = "Cluster at a glance", CacheTtlSeconds = 60)]
internal sealed class ShowcaseHtmlCard : HttpCard
{
    private const string Content = """
        <section>
          <h3>Cluster at a glance</h3>
          <p>Browsers talk to a <strong>gateway</strong>; the gateway talks to <strong>Orleans silos</strong>.</p>
          <ul>
            <li>One grain per card and parameter set caches and deduplicates work.</li>
            <li>Live cards keep a short history, so a reconnecting client resumes without a gap.</li>
          </ul>
        </section>
        """;

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>([new HtmlRecord(Content)]);
}
