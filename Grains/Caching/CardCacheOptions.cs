namespace Cereon.Grains.Caching;

/// <summary>Limits of the card result cache kept in card grains. Section <c>Cereon:Cache</c>.</summary>
public sealed class CardCacheOptions
{
    public const string SectionName = "Cereon:Cache";

    /// <summary>Most bytes of cached results one silo holds; default 256 MiB. Results past it are served uncached.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A card grain unused this long is deactivated and its cache freed; default 5 minutes.</summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A handler running longer than this fails the request; default 20 s (below Orleans' 30 s call timeout).</summary>
    public TimeSpan HandlerTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
