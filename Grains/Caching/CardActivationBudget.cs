using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Cereon.Grains.Caching;

/// <summary>
/// How many parameter sets of each card one silo keeps: an activation within its card's budget caches its result and
/// lives until <see cref="CardCacheOptions.IdleDeactivation"/>; one past it answers and is deactivated at once, so
/// parameter churn costs each card at most <see cref="CardCacheOptions.MaxParameterSetsPerCard"/> lasting activations.
/// </summary>
internal sealed class CardActivationBudget(IOptions<CardCacheOptions> options)
{
    private readonly int _perCard = options.Value.MaxParameterSetsPerCard;
    private readonly ConcurrentDictionary<string, int> _kept = new(StringComparer.Ordinal);

    /// <summary>Takes one of <paramref name="route"/>'s places; false when all are taken.</summary>
    public bool TryKeep(string route)
    {
        while (true)
        {
            var kept = _kept.GetOrAdd(route, 0);
            if (kept >= _perCard)
            {
                return false;
            }

            if (_kept.TryUpdate(route, kept + 1, kept))
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a place that <see cref="TryKeep"/> took.</summary>
    public void Release(string route) => _kept.AddOrUpdate(route, 0, (_, kept) => Math.Max(0, kept - 1));

    /// <summary>The places of <paramref name="route"/> taken now.</summary>
    public int Kept(string route) => _kept.GetValueOrDefault(route);
}
