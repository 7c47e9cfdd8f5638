using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Catalog;

[Collection(SharedCluster.Name)]
public sealed class ReportsCatalogTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Reports_ListEveryCard_WithKindTransportAndUrl()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/api/reports", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reports = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reports"]!.AsArray();

        Assert.Equal(
            ["package_summary", "saas_metrics", "showcase", "tests"],
            reports.Select(r => (string)r!["reportId"]!).Order(StringComparer.Ordinal));
        var cards = reports.SelectMany(r => r!["cards"]!.AsArray()).ToDictionary(c => (string)c!["cardId"]!);
        var mrr = cards["mrr_overview"]!;
        Assert.Equal("number", (string?)mrr["kind"]);
        Assert.Equal("http", (string?)mrr["transport"]);
        Assert.Equal(new Uri(fixture.Gateway.BaseAddress, "/api/cards/mrr_overview"), new Uri((string)mrr["url"]!));
        Assert.Equal("streaming-http", (string?)cards["revenue_trend"]!["transport"]);
        Assert.Equal("ndjson", (string?)cards["revenue_trend"]!["format"]);
        Assert.Equal("websocket", (string?)cards["live_active_users"]!["transport"]);
        Assert.StartsWith("ws://", (string?)cards["live_active_users"]!["url"], StringComparison.Ordinal);
        Assert.Equal("/custom/v2/echo", (string?)cards["echo"]!["route"]);
    }
}
