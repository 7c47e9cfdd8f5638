namespace Cereon.Grains.Caching;

/// <summary>
/// The bytes one card activation holds against the silo's <see cref="CardCacheBudget"/>: at most one result at a
/// time (an http card's cached result, which is also its last good result; a streaming card's recording). Holding a
/// new result gives back the old one first, so an activation never counts twice; releasing twice gives back nothing
/// the second time.
/// </summary>
internal sealed class HeldBytes(CardCacheBudget budget)
{
    /// <summary>What is held now; zero when nothing is.</summary>
    public long Bytes { get; private set; }

    /// <summary>Holds <paramref name="bytes"/> in place of what was held; false, holding nothing, when the budget is spent.</summary>
    public bool TryHold(long bytes)
    {
        Release();
        if (!budget.TryReserve(bytes))
        {
            return false;
        }

        Bytes = bytes;
        return true;
    }

    public void Release()
    {
        budget.Release(Bytes);
        Bytes = 0;
    }
}
