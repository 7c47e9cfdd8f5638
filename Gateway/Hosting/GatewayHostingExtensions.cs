using Cereon.Gateway.Cards;
using Cereon.Gateway.Catalog;
using Cereon.Gateway.Errors;
using Cereon.Gateway.Health;
using Cereon.Gateway.Live;
using Cereon.Gateway.OpenApi;
using Cereon.Gateway.Security;
using Cereon.Gateway.Status;
using Cereon.Hosting;
using Cereon.Hosting.Errors;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>
    /// Adds the gateway's services. Needs an <see cref="IGrainFactory"/>: an Orleans client, or a co-hosted silo
    /// in the embedded default.
    /// </summary>
    public static WebApplicationBuilder AddCereonGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddCereonSecurity();

        // The embedded default's address (README); ASPNETCORE_URLS, --urls, a Urls setting or Kestrel endpoints
        // (for HTTPS with a certificate) replace it.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls("http://localhost:8000");
        }

        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CardCatalogCache>();
        services.AddHostedService(sp => sp.GetRequiredService<CardCatalogCache>());
        services.AddSingleton<CardGrainReferences>();
        services.AddSingleton<HttpCardResponder>();
        services.AddSingleton<CardReads>();
        services.AddOptions<CardReadOptions>().BindConfiguration(CardReadOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CardReadOptions>, CardReadOptionsValidator>());
        services.AddSingleton<StreamingCardResponder>();
        services.AddSingleton<CardRequestHandler>();
        services.AddSingleton<PublishRequestHandler>();
        services.AddSingleton<CardEndpointFactory>();
        services.AddSingleton<CardEndpointDataSource>();
        services.AddOptions<LiveSocketOptions>().BindConfiguration(LiveSocketOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveSocketOptions>, LiveSocketOptionsValidator>());
        services.AddSingleton(sp => LiveConnectionLimit.ForThisProcess(sp.GetRequiredService<IOptions<LiveSocketOptions>>().Value));
        services.AddHostedService<LiveConnectionLimitReport>();
        services.AddSingleton<LiveHub>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveHub>());
        services.AddSingleton<LiveSocketServices>();
        services.AddSingleton<LiveStreamStarts>();
        services.AddSingleton<LiveViewerTally>();
        services.AddSingleton<ResponseCacheTally>();
        services.AddHostedService<GatewayUsageReporter>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimits>();
        services.AddHealthChecks().AddCheck<GatewayClusterHealthCheck>("gateway-cluster", tags: [HealthEndpoints.ReadyTag]);
        services.AddOutputCache();
        services.AddSingleton<CardEntityTags>();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<GatewayOptions>>((cache, gateway) =>
        {
            cache.SizeLimit = Math.Max(1, gateway.Value.ResponseCacheBytes - CardEntityTags.BudgetOf(gateway.Value.ResponseCacheBytes));
            cache.MaximumBodySize = Math.Max(1, gateway.Value.ResponseCacheBytes / 8);
        });
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<GatewayOptions>>((cors, gateway) =>
            cors.AddDefaultPolicy(policy => CorsPolicies.Allow(policy, gateway.Value.CorsOrigins)));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default));
        services.AddCereonOpenApi();
        return builder;
    }

    /// <summary>
    /// Maps the reports catalog, the status page at <c>/</c> and every card route (HTTP, streaming, WebSocket,
    /// publish), with JSON errors.
    /// </summary>
    public static WebApplication MapCereonGateway(this WebApplication app)
    {
        app.UseJsonErrors();

        // CORS first, so that refusals (401, 429) carry the headers a browser needs to show them; WebSockets before
        // security, which tells upgrades apart (their own rate limit, tokens from the query). The WebSocket middleware
        // sees only upgrade requests: for every other request it would only add a feature saying "not a socket".
        app.UseCors();
        var sockets = SocketOrigins.For(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value);
        app.UseWhen(IsUpgrade, upgrades => upgrades.UseWebSockets(sockets));
        app.UseCereonSecurity();
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.ResponseCacheBytes > 0)
        {
            app.UseMiddleware<CardRevalidationMiddleware>();
            app.UseOutputCache();
        }

        app.MapReports();
        app.MapCereonOpenApi();
        app.MapCereonStatus();
        app.MapCards();
        return app;
    }

    private static bool IsUpgrade(HttpContext http) =>
        http.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || http.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
}
