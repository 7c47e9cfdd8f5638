using System.Threading.RateLimiting;
using Cereon.Gateway.Security;
using Cereon.Hosting.Security;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Live;

/// <summary>
/// Rations the live card streams each client starts (<see cref="RateLimitOptions.LiveStreamsPerSecond"/>), over all
/// its sockets, wherever the other rate limits apply. Only a subscribe to a stream this gateway has no viewers of yet
/// counts: that is what may start a producer, while joining a stream already watched costs the cluster nothing.
/// </summary>
internal sealed class LiveStreamStarts : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public LiveStreamStarts(IOptions<RateLimitOptions> options, DeploymentMode mode)
    {
        var limits = options.Value;
        if (limits.AppliesIn(mode))
        {
            _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ =>
                TokenBuckets.PerSecond(limits.LiveStreamsPerSecond, limits.LiveStreamBurst)));
        }
    }

    /// <summary>Whether <paramref name="client"/> may start one more stream now.</summary>
    public bool TryStart(string client)
    {
        if (_limiter is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(client);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter?.Dispose();
}
