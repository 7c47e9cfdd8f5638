using System.Net;
using Cereon.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Cereon.Grains.Interfaces.Live;
using Cereon.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace Cereon.Tests.Infrastructure;

/// <summary>The real gateway on a real Kestrel socket (127.0.0.1, ephemeral port), talking to a test cluster.</summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Addresses = addresses;
        var baseAddress = addresses[0];
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    /// <summary>Every address listened on: the first is <see cref="BaseAddress"/>, then any Kestrel endpoints configured.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public HttpClient Client { get; }

    /// <summary>A gateway that shares the test cluster's own client.</summary>
    public static Task<GatewayServer> StartAsync(IClusterClient cluster, IDictionary<string, string?>? settings = null) =>
        StartAsync(settings, builder =>
        {
            builder.Services.AddSingleton(cluster);
            builder.Services.AddSingleton<IGrainFactory>(cluster);
        });

    /// <summary>A gateway with an Orleans client of its own, as a separately deployed gateway has.</summary>
    public static Task<GatewayServer> StartWithOwnClientAsync(TestCluster cluster, IDictionary<string, string?>? settings = null) =>
        StartAsync(settings, builder => builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.Options.ClusterId;
                options.ServiceId = cluster.Options.ServiceId;
            });
            client.UseStaticClustering([.. cluster.Silos.Select(silo => silo.GatewayAddress.Endpoint)]);
            client.AddCereonLiveStreams();
            client.AddActivityPropagation();
        }));

    private static async Task<GatewayServer> StartAsync(IDictionary<string, string?>? settings, Action<WebApplicationBuilder> connect)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = Directory.CreateTempSubdirectory("cereon-gateway-").FullName,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        connect(builder);
        builder.AddCereonTelemetry();
        builder.AddCereonGateway();

        var app = builder.Build();
        app.MapCereonMetrics();
        app.MapCereonHealth();
        app.MapCereonGateway();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new GatewayServer(app, [.. addresses.Select(a => new Uri(a))]);
    }

    public IServiceProvider Services => _app.Services;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
