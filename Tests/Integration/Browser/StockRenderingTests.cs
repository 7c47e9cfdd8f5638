using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cereon.Tests.Integration.Browser;

/// <summary>
/// The demo's live cards render in a browser by the stock front end's rules, with no app code (issue 13): a page of
/// our own (Integration/Browser/Page/live-cards.html, served by this test) applies those rules to real socket traffic
/// from the embedded default in headless Chromium. The library itself cannot be built where CI runs.
/// </summary>
[Collection(EmbeddedSilo.Name)]
[Trait("Category", "Slow")]
public sealed class StockRenderingTests(EmbeddedSiloProcess silo)
{
    [Fact]
    public async Task DemoLiveCards_RenderByTheStockRules_TheNumberChanges_AndTheChartHasMoreThanOnePoint()
    {
        var result = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pages = await ServePageAsync(result);
        var page = new Uri(pages.Address, $"/live-cards.html?gateway={Uri.EscapeDataString(silo.BaseAddress.ToString().TrimEnd('/'))}");

        JsonObject shown;
        await using (HeadlessChromium.Open(page))
        {
            shown = await result.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }

        var numbers = shown["shownNumbers"]!.AsArray().Select(n => (double)n!).ToList();
        Assert.True(numbers.Distinct().Count() >= 3, $"the number card showed {string.Join(", ", numbers)}");
        Assert.True((int)shown["mostPoints"]! > 1, $"the chart drew {shown["mostPoints"]} point(s)");
    }

    private static async Task<PageServer> ServePageAsync(TaskCompletionSource<JsonObject> result)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var html = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Integration", "Browser", "Page", "live-cards.html"));
        app.MapGet("/live-cards.html", () => Results.Content(html, "text/html; charset=utf-8"));
        app.MapPost("/result", async (HttpRequest request) =>
        {
            result.TrySetResult((await JsonNode.ParseAsync(request.Body))!.AsObject());
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new PageServer(app, new Uri(address));
    }

    private sealed class PageServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
