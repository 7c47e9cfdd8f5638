using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Catalog;

/// <summary>
/// The cluster-wide card catalog: every silo registers the cards it hosts, gateways read the union.
/// There is one, keyed <see cref="CatalogKeys.Cluster"/>.
/// </summary>
[Alias("cereon.card-catalog")]
public interface ICardCatalogGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task RegisterAsync(SiloCardSet cards);

    [Alias("get")]
    Task<CardCatalog> GetAsync();
}
