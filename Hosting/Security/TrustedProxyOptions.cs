namespace Cereon.Hosting.Security;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> headers a host believes, silo or gateway. Read from
/// section <c>Cereon:Gateway</c>, where deployments have always named them (<c>Cereon__Gateway__KnownProxies__0</c>).
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "Cereon:Gateway";

    /// <summary>
    /// Addresses of reverse proxies whose forwarded headers are believed; default none (the headers are ignored and the
    /// connection's own address is the client's).
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of such proxies; default none.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Whether any proxy is named at all.</summary>
    public bool NamesAny => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
