using Cereon.Gateway.Hosting;
using Cereon.Gateway.Live;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Errors;
using Cereon.Hosting.Security;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

/// <summary>
/// <c>{route}/publish</c>: hands a live card's publishes to <see cref="PublishEndpoint"/> once the caller passes the
/// admin check; every other card's publish route says why it takes none, naming the card.
/// </summary>
internal sealed class PublishRequestHandler(LiveSocketServices liveSockets, AdminAccess admin, IOptions<GatewayOptions> options)
{
    public RequestDelegate For(CardDescriptor card, bool accepts)
    {
        if (accepts)
        {
            return async http =>
            {
                if (await admin.AuthorizeAsync(http))
                {
                    await PublishEndpoint.ServeAsync(http, card, liveSockets, options.Value);
                }
            };
        }

        var reason = card.Transport == CardTransports.WebSocket
            ? "Publishing is turned off on this gateway (Cereon:Gateway:EnablePublish)"
            : $"Only websocket cards take publishes; this is a {card.Transport} card";
        return http => JsonErrors.WriteAsync(http, StatusCodes.Status404NotFound, reason, card.CardId);
    }
}
