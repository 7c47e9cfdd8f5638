using System.Net;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Catalog;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>Cards are real endpoints, built from the cluster catalog and swapped when it changes.</summary>
[Collection(SharedCluster.Name)]
public sealed class CardEndpointTests(ClusterFixture fixture)
{
    [Fact]
    public async Task CardsJoiningAndLeavingTheCatalog_BecomeAndStopBeingEndpoints()
    {
        var catalog = fixture.Cluster.Client.GetGrain<ICardCatalogGrain>(CatalogKeys.Cluster);
        var cards = (await catalog.GetAsync()).Cards;
        var late = new CardDescriptor { ReportId = "tests", CardId = $"late_{Keys.Fresh()}", Kind = CardKinds.Number, Transport = CardTransports.Http };
        var path = new Uri(late.Route, UriKind.Relative);
        using var before = await fixture.Http.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        await catalog.RegisterAsync(new SiloCardSet(fixture.Cluster.Primary!.SiloAddress, [.. cards, late]));
        try
        {

            // Routing knows the card: a method it does not take is 405 with Allow, not "card not found".
            using var refused = await PollAsync(() => fixture.Http.DeleteAsync(path), HttpStatusCode.MethodNotAllowed);
            Assert.Contains("GET", refused.Content.Headers.Allow);
        }
        finally
        {
            await catalog.RegisterAsync(new SiloCardSet(fixture.Cluster.Primary!.SiloAddress, cards));
        }

        using var gone = await PollAsync(() => fixture.Http.DeleteAsync(path), HttpStatusCode.NotFound);
    }

    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var response = await send();
            if (response.StatusCode == wanted)
            {
                return response;
            }

            var last = $"{response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            response.Dispose();
            Assert.True(DateTime.UtcNow < deadline, $"Never answered {wanted}; last: {last}");
            await Task.Delay(200);
        }
    }
}
