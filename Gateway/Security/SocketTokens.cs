using Cereon.Gateway.Cards;
using Cereon.Gateway.Catalog;
using Cereon.Grains.Interfaces.Cards;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Primitives;

namespace Cereon.Gateway.Security;

/// <summary>
/// Where a WebSocket upgrade carries its token, since browsers cannot set an Authorization header on one
/// (protocol.md §7): the <c>access_token</c> query key, or a <c>Sec-WebSocket-Protocol</c> pair
/// <c>access_token, &lt;jwt&gt;</c> (also <c>bearer, &lt;jwt&gt;</c>), the form browsers can send with
/// <c>new WebSocket(url, ["access_token", token])</c>. Honoured only on the upgrade of a websocket card: anywhere
/// else a token in a URL is one that leaks into logs and histories, so it is ignored and the caller is anonymous.
/// </summary>
internal static class SocketTokens
{
    public const string QueryKey = "access_token";

    private static readonly string[] ProtocolMarkers = [QueryKey, "bearer"];

    /// <summary>
    /// Has the JWT bearer handler take the token of a websocket card's upgrade. An Authorization header, when there is
    /// one, is read by the handler itself and wins.
    /// </summary>
    public static void ReadOnUpgrades(JwtBearerOptions bearer) => bearer.Events = new JwtBearerEvents
    {
        OnMessageReceived = async context =>
        {
            if (string.IsNullOrEmpty(context.Request.Headers.Authorization))
            {
                context.Token = await FindAsync(context.HttpContext);
            }
        },
    };

    /// <summary>The token of a websocket card's upgrade request, or null when it is not one or carries none this way.</summary>
    public static async Task<string?> FindAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest
            || http.RequestServices.GetService<CardCatalogCache>() is not { } catalog
            || await catalog.FindAsync(CardPaths.Normalize(http.Request.Path), http.RequestAborted) is not { Transport: CardTransports.WebSocket })
        {
            return null;
        }

        return Find(http.Request);
    }

    private static string? Find(HttpRequest request)
    {
        if (request.Query.TryGetValue(QueryKey, out var fromQuery) && !StringValues.IsNullOrEmpty(fromQuery))
        {
            return fromQuery.ToString();
        }

        var protocols = request.HttpContext.WebSockets.WebSocketRequestedProtocols;
        for (var i = 0; i < protocols.Count - 1; i++)
        {
            if (ProtocolMarkers.Contains(protocols[i], StringComparer.OrdinalIgnoreCase))
            {
                return protocols[i + 1];
            }
        }

        return null;
    }

    /// <summary>
    /// The subprotocol to echo: the first offered that is not the token, so the token is never sent back (browsers
    /// fail a connection whose offered subprotocol is not echoed, so one is chosen whenever any was offered).
    /// </summary>
    public static string? ProtocolToAccept(HttpContext http)
    {
        var protocols = http.WebSockets.WebSocketRequestedProtocols;
        for (var i = 0; i < protocols.Count; i++)
        {
            var carriesToken = i > 0 && ProtocolMarkers.Contains(protocols[i - 1], StringComparer.OrdinalIgnoreCase);
            if (!carriesToken)
            {
                return protocols[i];
            }
        }

        return null;
    }
}
