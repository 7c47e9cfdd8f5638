using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Telemetry;

/// <summary>
/// Starts the per-card series of this silo's cards at zero when it starts, so they are exported before first use
/// and alerts on them (no cache hits, no producers) have a series to watch from the start.
/// </summary>
internal static class CardSeries
{
    public static void StartAtZero(IEnumerable<CardDescriptor> cards)
    {
        foreach (var card in cards)
        {
            // Producers per live card are observed from the registry, so they exist from the start already.
            var tag = CardMetrics.Card(card.Route);
            if (card.Transport == CardTransports.Http)
            {
                CardMetrics.CacheHits.Add(0, tag);
                CardMetrics.CacheMisses.Add(0, tag);
            }
        }
    }
}
