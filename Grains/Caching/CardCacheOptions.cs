namespace Cereon.Grains.Caching;

/// <summary>Limits of the card result cache kept in card grains. Section <c>Cereon:Cache</c>.</summary>
public sealed class CardCacheOptions
{
    public const string SectionName = "Cereon:Cache";

    /// <summary>How long results of cards that declare no TTL stay cached; default 300 s, as in the deployment guide.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most bytes of cached results one silo holds; default 256 MiB. Results past it are served uncached.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Most parameter sets of one card that a silo keeps activated, with their cached result and last good result;
    /// default 1,000. A request for another parameter set is answered by an activation that is deactivated right
    /// after it, caching nothing, so parameter churn cannot grow memory past this many activations per card.
    /// </summary>
    public int MaxParameterSetsPerCard { get; set; } = 1000;

    /// <summary>
    /// Whether each card's last good result is also written to grain storage, so it survives deactivation and
    /// restarts; default true. The embedded default, whose grain storage is Orleans' memory storage (which keeps
    /// every state ever written until the process ends), sets it to false: there the last good result lives as
    /// long as its activation.
    /// </summary>
    public bool StoreLastGood { get; set; } = true;

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
