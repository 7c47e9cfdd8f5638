using Cereon.Gateway.Hosting;
using Cereon.Gateway.Live;
using Cereon.Gateway.Security;
using Cereon.Gateway.Status;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

/// <summary>Builds a card's endpoints: its own route, and <c>{route}/publish</c>.</summary>
internal sealed class CardEndpointFactory(
    CardRequestHandler handler,
    PublishRequestHandler publish,
    ResponseCacheTally responseCacheHits,
    IOptions<GatewayOptions> options)
{
    /// <summary>Ahead of the catch-all that answers unknown paths, behind nothing else.</summary>
    private const int Order = 0;

    private static readonly string[] WebSocketMethods = ["GET"];

    public IReadOnlyList<Endpoint> Create(IReadOnlyList<CardDescriptor> cards)
    {
        var endpoints = new List<Endpoint>(cards.Count * 2);
        foreach (var card in cards)
        {
            endpoints.Add(CardEndpoint(card));
            endpoints.Add(PublishEndpointFor(card));
        }

        return endpoints;
    }

    private RouteEndpoint CardEndpoint(CardDescriptor card)
    {
        var builder = new RouteEndpointBuilder(handler.For(card), Literal(card.Route), Order)
        {
            DisplayName = $"{card.Transport} card {card.Route}",
        };

        builder.Metadata.Add(new HttpMethodMetadata(MethodsOf(card)));
        builder.Metadata.Add(card);
        if (card.Access.RequiresSignIn)
        {
            builder.Metadata.Add(CardAuthorization.PolicyFor(card));
        }
        else
        {
            builder.Metadata.Add(new AllowAnonymousAttribute());
        }

        if (card.Access.SameForEveryone && card.Transport != CardTransports.WebSocket)
        {
            builder.Metadata.Add(CallerIndependent.Metadata);
            if (card.Transport == CardTransports.Http && options.Value.ResponseCacheBytes > 0)
            {
                builder.Metadata.Add(new CardResponseCachePolicy(card.Route, responseCacheHits));
            }
        }

        return (RouteEndpoint)builder.Build();
    }

    private RouteEndpoint PublishEndpointFor(CardDescriptor card)
    {
        var accepts = card.Transport == CardTransports.WebSocket && options.Value.EnablePublish;
        var builder = new RouteEndpointBuilder(publish.For(card, accepts), Literal(card.Route + PublishEndpoint.Suffix), Order)
        {
            DisplayName = $"publish into {card.Route}",
        };

        return (RouteEndpoint)builder.Build();
    }

    /// <summary>The methods a card answers: a WebSocket upgrade is a GET, other cards take what they declare.</summary>
    public static IReadOnlyList<string> MethodsOf(CardDescriptor card) =>
        card.Transport == CardTransports.WebSocket ? WebSocketMethods : card.Http.Methods;

    /// <summary>A route matched literally: card ids are data, so nothing in one may read as a route parameter.</summary>
    private static RoutePattern Literal(string route) => RoutePatternFactory.Pattern(
        route,
        route.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(segment => RoutePatternFactory.Segment(RoutePatternFactory.LiteralPart(segment))));
}
