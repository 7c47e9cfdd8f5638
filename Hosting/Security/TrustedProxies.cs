using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Cereon.Hosting.Security;

/// <summary>
/// Honours <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from the proxies the configuration names, so a
/// client cannot pick its own address (which the gateway's rate limits count by) or scheme.
/// ASP.NET Core trusts loopback by default; that is cleared, since a proxy on the same machine is named like any other.
/// </summary>
internal static class TrustedProxies
{
    public static void Configure(ForwardedHeadersOptions forwarded, TrustedProxyOptions proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.KnownProxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in proxies.KnownNetworks)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
