using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Microsoft.Extensions.Options;

namespace Cereon.Grains.Live;

/// <summary>
/// Producers each live card runs on this silo, capped at <see cref="LiveCardOptions.MaxProducersPerCard"/>: a stream
/// holds a slot from its first admitted subscribe until its producer stops for want of viewers. At silo start every
/// live card of the registry gets its (zero) producer series, so the metric's labels are the catalog's routes.
/// </summary>
internal sealed class LiveProducerSlots(CardRegistry registry, IOptions<LiveCardOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _held = new(StringComparer.Ordinal);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LiveProducerSlots), ServiceLifecycleStage.Active, _ =>
        {
            LiveMetrics.DeclareCards(registry.Descriptors.Where(d => d.Transport == CardTransports.WebSocket).Select(d => d.Route));
            return Task.CompletedTask;
        });

    /// <summary>The slot of one stream of the card at <paramref name="route"/>, not yet held.</summary>
    public LiveProducerSlot For(string route) => new(this, route);

    /// <summary>Takes a slot unless the card is at its cap.</summary>
    internal bool TryTake(string route)
    {
        var held = _held.GetOrAdd(route, static _ => new StrongBox<int>());
        var cap = options.Value.MaxProducersPerCard;
        var current = Volatile.Read(ref held.Value);
        while (current < cap)
        {
            var seen = Interlocked.CompareExchange(ref held.Value, current + 1, current);
            if (seen == current)
            {
                LiveMetrics.ProducerSlots(route, 1);
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Takes a slot even past the cap: for viewers admitted before, whose stream moved here with its silo.</summary>
    internal void Take(string route)
    {
        Interlocked.Increment(ref _held.GetOrAdd(route, static _ => new StrongBox<int>()).Value);
        LiveMetrics.ProducerSlots(route, 1);
    }

    internal void Return(string route)
    {
        Interlocked.Decrement(ref _held.GetOrAdd(route, static _ => new StrongBox<int>()).Value);
        LiveMetrics.ProducerSlots(route, -1);
    }
}
