namespace Cereon.Gateway.Hosting;

/// <summary>
/// Settings of the HTTP/WebSocket gateway. Section <c>Cereon:Gateway</c>, which also names the trusted proxies
/// (<see cref="Cereon.Hosting.Security.TrustedProxyOptions"/>, read by every host).
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Cereon:Gateway";

    /// <summary>Largest accepted parameters (query value or request body) in bytes; default 65536. Larger gets 413.</summary>
    public int MaxParamsBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Whether <c>POST {prefix}/{cardId}/publish</c> is served; default true. Turn it off on gateways that face the
    /// public internet until it is behind authorisation.
    /// </summary>
    public bool EnablePublish { get; set; } = true;

    /// <summary>
    /// Origins allowed to call the gateway from a browser; default none (no CORS headers). <c>*</c> allows any
    /// origin, which the embedded default uses so a local front end dev server works out of the box.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest request body in bytes; default 1048576. Larger gets 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the gateway re-reads the cluster's card catalog; default 5 s.</summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes of public card answers the gateway keeps to answer fresh reads without a grain call, for as long as the
    /// card's grain would serve them from its cache; default 33554432 (32 MiB). 0 turns the response cache off.
    /// </summary>
    public long ResponseCacheBytes { get; set; } = 32 * 1024 * 1024;
}
