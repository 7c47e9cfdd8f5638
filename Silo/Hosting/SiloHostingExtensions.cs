using Cereon.Gateway.Hosting;
using Cereon.Grains.Hosting;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Interfaces.Live;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Cereon.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Runs an Orleans silo in this host that serves the cards chosen by <paramref name="cards"/>, clustered and
    /// stored as <c>Cereon:Cluster</c> says, with the Orleans Dashboard.
    /// </summary>
    public static WebApplicationBuilder AddCereonSilo(this WebApplicationBuilder builder, Action<CardRegistrationBuilder> cards)
    {
        var cluster = ClusterSettings.Read(builder.Configuration);
        builder.Services.AddOptions<CereonClusterOptions>().BindConfiguration(CereonClusterOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<CereonClusterOptions>, CereonClusterOptionsValidator>());

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
            silo.AddMemoryGrainStorage(StorageNames.Cards);
            silo.AddMemoryGrainStorage(LiveStreams.PubSubStorage);
            silo.AddCereonCards(cards);
            silo.AddCereonLiveStreams();
            silo.AddDashboard();
        });
        return builder;
    }

    /// <summary>Maps the Orleans Dashboard at <c>/dashboard</c>.</summary>
    public static WebApplication MapCereonSilo(this WebApplication app)
    {
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        return app;
    }
}
