using System.Threading.RateLimiting;
using Cereon.Gateway.Catalog;
using Cereon.Gateway.Security;
using Cereon.Gateway.Status;
using Cereon.Hosting.Security;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Live;

/// <summary>What every socket session needs from the gateway, resolved once.</summary>
internal sealed class LiveSocketServices(
    LiveHub hub,
    CardCatalogCache catalog,
    LiveViewerTally viewers,
    IGrainFactory grains,
    IOptions<LiveSocketOptions> options,
    LiveConnectionLimit connectionLimit,
    CardAuthorization authorization,
    IOptions<RateLimitOptions> limits,
    LiveStreamStarts streamStarts,
    DeploymentMode mode,
    TimeProvider time,
    ILogger<CardSocketSession> logger)
{
    public LiveHub Hub { get; } = hub;

    public CardCatalogCache Catalog { get; } = catalog;

    public IGrainFactory Grains { get; } = grains;

    public LiveViewerTally Viewers { get; } = viewers;

    public LiveSocketOptions Options { get; } = options.Value;

    /// <summary>The connections this gateway holds before upgrades get 503: the setting, or the derived default.</summary>
    public int MaxConnections { get; } = connectionLimit.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public CardAuthorization Authorization { get; } = authorization;

    public LiveStreamStarts StreamStarts { get; } = streamStarts;

    /// <summary>A limiter of one socket's incoming messages, or null when rate limits are off.</summary>
    public RateLimiter? NewMessageLimiter()
    {
        var settings = limits.Value;
        return settings.AppliesIn(mode)
            ? new TokenBucketRateLimiter(TokenBuckets.PerSecond(settings.SocketMessagesPerSecond, settings.SocketMessagesPerSecond * 2))
            : null;
    }
}
