using System.Net;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Browser;

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

    /// <summary>
    /// The page's Content-Security-Policy allows what the page really uses: Chromium runs its inline style and
    /// script and its fetch of /api/status, and the console reports no violation (a blocked one would be reported).
    /// </summary>
    [Fact]
    public async Task StatusPage_RunsUnderItsContentSecurityPolicy_WithoutViolations()
    {
        using var page = await silo.Http.GetAsync("/");
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var (console, dom) = await HeadlessChromium.ConsoleAsync(silo.BaseAddress);

        Assert.Contains("<h2>saas_metrics</h2>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain(console, line => line.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(console);
    }

    [Fact]
    public async Task OrleansDashboard_ListsCardGrains_AndShowsWhichCardAndParametersAnActivationServes()
    {
        var region = Keys.Fresh();
        using (var response = await silo.Http.GetAsync($"/api/cards/plans_breakdown?region={region}"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var grains = new Uri(silo.BaseAddress, "/dashboard/#/grains");
        var dom = await HeadlessChromium.DumpDomAsync(grains);
        await HeadlessChromium.ScreenshotAsync(grains, "dashboard-grains.png", height: 1000);

        // What the dashboard's Grain Details page asks for when an operator enters the type and the key.
        var key = CardGrainKeys.For("/api/cards/plans_breakdown", $$"""{"region":"{{region}}"}""");
        var state = await silo.Http.GetStringAsync(
            $"/dashboard/GrainState?grainId={Uri.EscapeDataString(key)}&grainType=Cereon.Grains.Caching.CardGrain");

        Assert.Contains(">CardGrain<", dom, StringComparison.Ordinal);
        Assert.Contains(">CardCatalogGrain<", dom, StringComparison.Ordinal);
        Assert.Equal($"/api/cards/plans_breakdown?(\"region\":\"{region}\")", key);
        Assert.Contains("GetState", state, StringComparison.Ordinal);
        Assert.Contains("/api/cards/plans_breakdown", state, StringComparison.Ordinal);
        Assert.Contains(region, state, StringComparison.Ordinal);
    }
}
