using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Cereon.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cereon.Tests.Integration.Processes;

/// <summary>
/// With an OTLP endpoint configured, a real silo process exports its spans there: the gateway's request, the Orleans
/// grain call and the card handler. The receiver is a bare Kestrel endpoint taking OTLP/HTTP protobuf posts.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task ConfiguredEndpoint_ReceivesGatewayGrainAndHandlerSpans()
    {
        var posts = new ConcurrentQueue<byte[]>();
        await using var receiver = await StartReceiverAsync(posts);
        var address = receiver.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var silo = await EmbeddedSiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
        });
        try
        {
            await AssertExportedAsync(silo, posts);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static async Task AssertExportedAsync(EmbeddedSiloProcess silo, ConcurrentQueue<byte[]> posts)
    {
        using var response = await silo.Http.GetAsync("/api/cards/revenue_share_pie");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string exported;
        while (true)
        {
            exported = string.Join('\n', posts.Select(Encoding.UTF8.GetString));
            if (exported.Contains("card.handle /api/cards/revenue_share_pie", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "No handler span reached the OTLP endpoint within 30 s.");
            await Task.Delay(250);
        }

        Assert.Contains("Microsoft.AspNetCore", exported, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Orleans.Application", exported, StringComparison.Ordinal);
        Assert.Contains("Cereon.Silo", exported, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<byte[]> posts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/traces", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            posts.Enqueue(body.ToArray());
            http.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return app;
    }
}
