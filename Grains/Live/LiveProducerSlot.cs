namespace Cereon.Grains.Live;

/// <summary>One live card stream's place among its card's producers on this silo (<see cref="LiveProducerSlots"/>).</summary>
internal sealed class LiveProducerSlot(LiveProducerSlots slots, string route)
{
    public bool Held { get; private set; }

    /// <summary>Holds the slot unless the card is at its cap; true when held.</summary>
    public bool TryTake() => Held || (Held = slots.TryTake(route));

    /// <summary>Holds the slot even past the cap.</summary>
    public void Take()
    {
        if (!Held)
        {
            slots.Take(route);
            Held = true;
        }
    }

    public void Return()
    {
        if (Held)
        {
            slots.Return(route);
            Held = false;
        }
    }
}
