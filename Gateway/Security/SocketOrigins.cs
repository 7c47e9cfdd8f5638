using Cereon.Gateway.Hosting;

namespace Cereon.Gateway.Security;

/// <summary>
/// Browsers apply no CORS to WebSockets, so the upgrade checks the page's <c>Origin</c> against the same allowlist:
/// a page from another origin cannot open a socket in its visitor's name. Clients that send no Origin (not
/// browsers) are not affected.
/// </summary>
internal static class SocketOrigins
{
    public static WebSocketOptions For(GatewayOptions gateway)
    {
        var options = new WebSocketOptions();
        if (gateway.CorsOrigins.Length > 0 && !gateway.CorsOrigins.Contains("*"))
        {
            foreach (var origin in gateway.CorsOrigins)
            {
                options.AllowedOrigins.Add(origin);
            }
        }

        return options;
    }
}
