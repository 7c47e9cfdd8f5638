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

    /// <summary>
    /// What this activation serves and holds. Named <c>GetState</c> because that is the name the Orleans Dashboard's
    /// Grain Details page calls: given type <c>CardGrain</c> and a key such as <c>/api/cards/mrr_overview?()</c> it shows this.
    /// </summary>
    [Alias("get-state")]
    Task<CardGrainState> GetState();
}
