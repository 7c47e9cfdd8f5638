using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_markdown", CardKinds.Markdown, Title = "About this backend", CacheTtlSeconds = 60)]
internal sealed class ShowcaseMarkdownCard : HttpCard
{
    private const string Content = """
        ## Cereon on Orleans

        Every card on this dashboard is served by a cluster of **Microsoft Orleans** silos:

        - **http** cards run in a card grain that caches each result and runs identical requests once.
        - **streaming-http** cards stream records as NDJSON, SSE, delimited text or a JSON array.
        - **websocket** cards run one producer per topic in the cluster and fan out to every subscriber.

        A stateless gateway routes `/api/cards/{cardId}` to the right grain, on any silo.
        """;

    public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
        ValueTask.FromResult<IReadOnlyList<CardRecord>>([new MarkdownRecord(Content)]);
}
