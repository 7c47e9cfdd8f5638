using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Demo.Showcase;

[Card(DemoReports.Showcase, "showcase_json", CardKinds.Line, Format = StreamFormats.Json, Title = "Chunked JSON array")]
internal sealed class ShowcaseJsonCard(TimeProvider time) : StreamingCard
{
    private const int Salt = 303;

    public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) =>
        ShowcaseStream.PointsAsync(time, Salt, context.CancellationToken);
}
