using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Browser;

/// <summary>
/// A person opens the embedded default's API page in a browser: Swagger UI, served from its package, renders the
/// catalog's cards under the page's Content-Security-Policy with no violation. The screenshot is kept under
/// <see cref="HeadlessChromium.ArtifactsDirectory"/>.
/// </summary>
[Collection(EmbeddedSilo.Name)]
[Trait("Category", "Slow")]
public sealed class OpenApiPageTests(EmbeddedSiloProcess silo)
{
    [Fact]
    public async Task Page_RendersEveryReport_UnderItsContentSecurityPolicy_WithoutViolations()
    {
        var page = new Uri(silo.BaseAddress, "/openapi/index.html");

        var (console, dom) = await HeadlessChromium.ConsoleAsync(page);
        await HeadlessChromium.ScreenshotAsync(page, "openapi-page.png");

        Assert.Contains("/api/cards/mrr_overview", dom, StringComparison.Ordinal);
        Assert.Contains("/api/cards/showcase_ticker/publish", dom, StringComparison.Ordinal);
        Assert.Contains("package_summary", dom, StringComparison.Ordinal);
        Assert.Empty(console);
    }
}
