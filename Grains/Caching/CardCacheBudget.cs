using Microsoft.Extensions.Options;

namespace Cereon.Grains.Caching;

/// <summary>
/// The silo-wide memory budget of cached card results. Grains reserve before caching and release on expiry or
/// deactivation, so the total never exceeds <see cref="CardCacheOptions.MaxBytes"/> however many grains are active.
/// </summary>
internal sealed class CardCacheBudget(IOptions<CardCacheOptions> options)
{
    private readonly long _maxBytes = options.Value.MaxBytes;
    private long _usedBytes;

    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _usedBytes);
            if (used + bytes > _maxBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _usedBytes, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _usedBytes, -bytes);
}
