using Cereon.Gateway.Hosting;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Errors;
using Cereon.Hosting.Security;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Live;

/// <summary>Accepts a WebSocket upgrade on a live card's route and runs the connection to its end.</summary>
internal static class LiveSocketEndpoint
{
    public static async Task ServeAsync(HttpContext http, CardDescriptor card, LiveSocketServices services, IOptions<GatewayOptions> gateway)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.Headers.Upgrade = "websocket";
            await JsonErrors.WriteAsync(http, StatusCodes.Status426UpgradeRequired, "This card is served over WebSocket", card.CardId);
            return;
        }

        if (services.Hub.SessionCount >= services.MaxConnections)
        {
            http.Response.Headers.RetryAfter = "5";
            await JsonErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Too many WebSocket connections on this gateway", card.CardId);
            return;
        }

        var (query, failure) = SocketQuery.Parse(http.Request.QueryString.Value, gateway.Value.MaxParamsBytes);
        if (query is null)
        {
            await JsonErrors.WriteAsync(http, failure.StatusCode, failure.Error ?? "Invalid parameters", card.CardId);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(SocketTokens.ProtocolToAccept(http));
        using var session = new CardSocketSession(socket, card, query, http.User, SocketClient.Of(http), services);
        var clockSkew = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.ClockSkew;
        using var expiry = TokenExpiry.CloseWhenExpired(http.User, session, services.Time, clockSkew);
        await session.RunAsync(http.RequestAborted);
    }
}
