namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// One card with one set of parameters (see <see cref="CardGrainKeys"/>). Runs the card's handler, caches the
/// result for the card's TTL and runs identical concurrent requests once.
/// </summary>
[Alias("cereon.card")]
public interface ICardGrain : IGrainWithStringKey
{
    [Alias("get")]
    Task<CardResponse> GetAsync(CardRequest request);
}
