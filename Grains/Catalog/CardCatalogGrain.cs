using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Catalog;
using Cereon.Grains.Interfaces.Hosting;

namespace Cereon.Grains.Catalog;

/// <summary>
/// Merges the cards of every live silo. Registrations are persisted so a reactivated catalog knows the cluster's
/// cards before silos register again; silos that membership declares dead are dropped.
/// </summary>
internal sealed class CardCatalogGrain(
    [PersistentState("catalog", StorageNames.Cards)] IPersistentState<CatalogState> state,
    IClusterMembershipService membership,
    TimeProvider time) : Grain, ICardCatalogGrain
{
    public async Task RegisterAsync(SiloCardSet cards)
    {
        var silos = state.State.Silos;
        var dead = silos.Keys.Where(s => membership.CurrentSnapshot.GetSiloStatus(s) == SiloStatus.Dead).ToList();
        var unchanged = silos.TryGetValue(cards.Silo, out var known) && known.Cards.SequenceEqual(cards.Cards);
        if (unchanged && dead.Count == 0)
        {
            return;
        }

        dead.ForEach(s => silos.Remove(s));
        silos[cards.Silo] = new SiloRegistration(time.GetUtcNow(), cards.Cards);
        await state.WriteStateAsync();
    }

    public Task<CardCatalog> GetAsync()
    {
        var snapshot = membership.CurrentSnapshot;
        var byRoute = new Dictionary<string, CardDescriptor>(StringComparer.Ordinal);

        // During a rolling update old and new silos may declare one route differently: the newest registration wins.
        foreach (var (_, registration) in state.State.Silos
                     .Where(s => snapshot.GetSiloStatus(s.Key) is SiloStatus.Active or SiloStatus.Joining)
                     .OrderBy(s => s.Value.RegisteredAt))
        {
            foreach (var card in registration.Cards)
            {
                byRoute[card.Route] = card;
            }
        }

        var cards = byRoute.Values.OrderBy(c => c.ReportId, StringComparer.Ordinal)
            .ThenBy(c => c.CardId, StringComparer.Ordinal).ToList();
        return Task.FromResult(new CardCatalog(CatalogVersion.Of(cards), cards));
    }
}
