namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// One card with one set of parameters (see <see cref="CardGrainKeys"/>). Runs the card's handler, caches the
/// result for the card's TTL and runs identical concurrent requests once.
/// </summary>
[Alias("cereon.card")]
public interface ICardGrain : IGrainWithStringKey
{
    /// <summary>
    /// The card's records. Cancelling <paramref name="cancellationToken"/> ends the call at once for the caller
    /// (who may then try again); the handler run it started goes on for every other request that waits for it.
    /// </summary>
    [Alias("get")]
    Task<CardResponse> GetAsync(CardRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// What this activation serves and holds. Named <c>GetState</c> because that is the name the Orleans Dashboard's
    /// Grain Details page calls: given type <c>CardGrain</c> and a key such as <c>/api/cards/mrr_overview?()</c> it shows this.
    /// </summary>
    [Alias("get-state")]
    Task<CardGrainState> GetState();
}
