using System.Net;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Observability;

/// <summary>
/// A person who just ran the README command opens the gateway's status page and the Orleans Dashboard in a browser.
/// Screenshots are kept under <see cref="HeadlessChromium.ArtifactsDirectory"/>.
/// </summary>
[Collection(EmbeddedSilo.Name)]
[Trait("Category", "Slow")]
public sealed class BrowserTests(EmbeddedSiloProcess silo)
{
    [Fact]
    public async Task StatusPage_ShowsReportsCardsAndUsage()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await silo.Http.GetAsync("/api/cards/mrr_overview");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var dom = await HeadlessChromium.DumpDomAsync(silo.BaseAddress);
        await HeadlessChromium.ScreenshotAsync(silo.BaseAddress, "status-page.png");

        Assert.Contains("<h2>saas_metrics</h2>", dom, StringComparison.Ordinal);
        Assert.Contains("<h2>package_summary</h2>", dom, StringComparison.Ordinal);
        Assert.Contains("Monthly Recurring Revenue", dom, StringComparison.Ordinal);
        Assert.Contains("data-socket=\"ws://127.0.0.1", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"badge streaming-http\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrleansDashboard_ListsCardGrains()
    {
        using (var response = await silo.Http.GetAsync("/api/cards/plans_breakdown"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var grains = new Uri(silo.BaseAddress, "/dashboard/#/grains");
        var dom = await HeadlessChromium.DumpDomAsync(grains);
        await HeadlessChromium.ScreenshotAsync(grains, "dashboard-grains.png", height: 1000);

        Assert.Contains(">CardGrain<", dom, StringComparison.Ordinal);
        Assert.Contains(">CardCatalogGrain<", dom, StringComparison.Ordinal);
    }
}
