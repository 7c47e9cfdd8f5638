namespace Cereon.Gateway.Hosting;

/// <summary>Settings of the HTTP/WebSocket gateway. Section <c>Cereon:Gateway</c>.</summary>
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

    /// <summary>How often the gateway re-reads the cluster's card catalog; default 5 s.</summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
