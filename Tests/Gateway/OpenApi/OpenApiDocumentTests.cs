using System.Net;
using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Hosting;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Catalog;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Cereon.Tests.Gateway.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c> on a real gateway: a valid OpenAPI document that describes every card of the catalog with
/// its methods, transport and record shape, and follows the catalog when it changes.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class OpenApiDocumentTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Document_IsValidOpenApi()
    {
        var json = await fixture.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        var (document, diagnostic) = OpenApiDocument.Parse(json, OpenApiConstants.Json);

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public async Task Document_ListsEveryDemoCard_WithItsMethodsTransportAndRecordShape()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();

        foreach (var card in DemoCards())
        {
            var path = Assert.IsType<JsonObject>(paths[card.Route]);
            var methods = card.Transport == CardTransports.WebSocket ? ["GET"] : card.Http.Methods;
            Assert.Equal(methods.Select(m => m.ToLowerInvariant()).Order(), path.Select(p => p.Key).Order());
            foreach (var (_, operation) in path)
            {
                var described = operation!["x-cereon-card"]!;
                Assert.Equal(card.CardId, (string?)described["cardId"]);
                Assert.Equal(card.ReportId, (string?)described["reportId"]);
                Assert.Equal(card.Transport, (string?)described["transport"]);
                Assert.Equal(card.Kind, (string?)described["kind"]);
                Assert.Contains(operation["parameters"]!.AsArray(), p => (string?)p!["name"] == "params");
                Assert.Equal(card.ReportId, (string?)operation["tags"]![0]);
            }
        }

        var chart = paths["/api/cards/revenue_trend"]!["get"]!["responses"]!["200"]!["content"]!["application/x-ndjson"]!["schema"]!;
        Assert.Equal("#/components/schemas/ChartRecord", (string?)chart["$ref"]);
        var table = paths["/api/cards/churn_cohort"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("#/components/schemas/TableRecord", (string?)table["items"]!["$ref"]);
        var showcasePost = paths["/api/cards/showcase_post"]!.AsObject();
        Assert.NotNull(showcasePost["post"]!["requestBody"]);
        Assert.NotNull(paths["/api/cards/showcase_admin"]!["get"]!["security"]);
        Assert.NotNull(paths["/api/cards/showcase_ticker/publish"]!["post"]!["responses"]!["415"]);
        var topics = paths["/api/cards/showcase_ticker"]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "topic")!;
        Assert.Contains("showcase_ticker", topics["schema"]!["enum"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public async Task Document_FollowsTheCatalog_WhenACardJoinsAndLeaves()
    {
        var catalog = fixture.Cluster.Client.GetGrain<ICardCatalogGrain>(CatalogKeys.Cluster);
        var cards = (await catalog.GetAsync()).Cards;
        var late = new CardDescriptor { ReportId = "tests", CardId = $"late_{Keys.Fresh()}", Kind = CardKinds.Table, Transport = CardTransports.Http };
        Assert.Null((await DocumentAsync())["paths"]![late.Route]);

        await catalog.RegisterAsync(new SiloCardSet(fixture.Cluster.Primary!.SiloAddress, [.. cards, late]));
        try
        {
            var joined = await DocumentUntilAsync(document => document["paths"]![late.Route] is not null);
            Assert.Equal("#/components/schemas/TableRecord", (string?)joined["paths"]![late.Route]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["items"]!["$ref"]);
        }
        finally
        {
            await catalog.RegisterAsync(new SiloCardSet(fixture.Cluster.Primary!.SiloAddress, cards));
        }

        await DocumentUntilAsync(document => document["paths"]![late.Route] is null);
    }

    [Fact]
    public async Task Page_IsServedFromThePackage_UnderAContentSecurityPolicy()
    {
        using var page = await fixture.Http.GetAsync(new Uri("/openapi/index.html", UriKind.Relative));
        using var script = await fixture.Http.GetAsync(new Uri("/openapi/swagger-ui-bundle.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    /// <summary>The demo reports as the silo registers them (<c>AddDemoCards</c>), private and admin cards included.</summary>
    private static List<CardDescriptor> DemoCards()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        new CardRegistrationBuilder(services).AddDemoCards();
        using var provider = services.BuildServiceProvider();
        var cards = provider.GetServices<Card>().Select(card => card.Descriptor).ToList();
        Assert.NotEmpty(cards);
        return cards;
    }

    private async Task<JsonNode> DocumentAsync() =>
        JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

    private async Task<JsonNode> DocumentUntilAsync(Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var document = await DocumentAsync();
            if (done(document))
            {
                return document;
            }

            Assert.True(DateTime.UtcNow < deadline, "The document did not follow the catalog within 20 s.");
            await Task.Delay(200);
        }
    }
}
