using Cereon.Gateway.Catalog;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Primitives;

namespace Cereon.Gateway.Cards;

/// <summary>
/// One real endpoint per card of the cluster catalog, and one per card's publish route, rebuilt and swapped as a
/// whole when the catalog changes (the model is yarp's ProxyConfigManager). Each endpoint carries the card's methods
/// and policy: authorization reads the policy from it, metrics label requests with the card's route as
/// <c>http.route</c>, and a method the card does not take falls through to the catch-all, which answers 405 with
/// <c>Allow</c> from the same methods (routing's own 405 never applies while a catch-all matches every method).
/// </summary>
internal sealed class CardEndpointDataSource : EndpointDataSource
{
    private readonly CardCatalogCache _catalog;
    private readonly CardEndpointFactory _factory;
    private readonly Lock _gate = new();
    private Snapshot _current = new(null, [], NeverChanging);

    public CardEndpointDataSource(CardCatalogCache catalog, CardEndpointFactory factory)
    {
        _catalog = catalog;
        _factory = factory;
    }

    private static IChangeToken NeverChanging { get; } = new CancellationChangeToken(CancellationToken.None);

    public override IReadOnlyList<Endpoint> Endpoints => Current().Endpoints;

    public override IChangeToken GetChangeToken() => Current().Changes;

    private Snapshot Current()
    {
        // Reads the catalog's token before the catalog, so a change landing in between fires the token handed out.
        var changes = _catalog.GetChangeToken();
        var catalog = _catalog.Current;
        var current = Volatile.Read(ref _current);
        if (IsCurrent(current, catalog))
        {
            return current;
        }

        lock (_gate)
        {
            if (!IsCurrent(_current, catalog))
            {
                IReadOnlyList<Endpoint> endpoints = catalog is null ? [] : _factory.Create(catalog.Cards);
                Volatile.Write(ref _current, new Snapshot(catalog, endpoints, changes));
            }

            return _current;
        }
    }

    /// <summary>
    /// Never hands out a token that has fired already: routing re-subscribes to the token it is given, and one that
    /// has fired calls it back at once, so a fired token handed out again would recurse until the stack overflows.
    /// </summary>
    private static bool IsCurrent(Snapshot snapshot, Grains.Interfaces.Catalog.CardCatalog? catalog) =>
        catalog is not null && ReferenceEquals(snapshot.Catalog, catalog) && !snapshot.Changes.HasChanged;

    private sealed record Snapshot(Grains.Interfaces.Catalog.CardCatalog? Catalog, IReadOnlyList<Endpoint> Endpoints, IChangeToken Changes);
}
