using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Cards;

/// <summary>A card answered with one JSON array of records per request (protocol.md §4).</summary>
public abstract class HttpCard : Card
{
    private protected override string Transport => CardTransports.Http;

    /// <summary>Produces the card's records. Runs once per cache period for identical parameters.</summary>
    public abstract ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context);
}
