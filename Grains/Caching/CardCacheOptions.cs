namespace Cereon.Grains.Caching;

/// <summary>Limits of the card result cache kept in card grains. Section <c>Cereon:Cache</c>.</summary>
public sealed class CardCacheOptions
{
    public const string SectionName = "Cereon:Cache";

    /// <summary>How long results of cards that declare no TTL stay cached; default 300 s, as in the deployment guide.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most bytes of cached results one silo holds; default 256 MiB. Results past it are served uncached.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A card grain unused this long is deactivated and its cache freed; default 5 minutes.</summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether each card's last good result is stored and served, flagged <c>"stale": true</c> in its meta, while
    /// the handler fails; default true.
    /// </summary>
    public bool ServeStaleOnError { get; set; } = true;

    /// <summary>A handler running longer than this fails the request; default 20 s (below Orleans' 30 s call timeout).</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
