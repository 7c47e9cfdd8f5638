using System.Threading.RateLimiting;

namespace Cereon.Gateway.Security;

/// <summary>The token buckets every per-client limit uses: refilled each second, never queueing (refusals are immediate).</summary>
internal static class TokenBuckets
{
    public static TokenBucketRateLimiterOptions PerSecond(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
