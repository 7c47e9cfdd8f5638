using System.Net;
using Cereon.Gateway.Hosting;
using Cereon.Grains.Caching;
using Cereon.Grains.Hosting;
using Cereon.Grains.Live;
using Cereon.Hosting;
using Cereon.Hosting.Errors;
using Cereon.Hosting.Security;
using Cereon.Silo.Memory;
using Cereon.Silo.Storage;
using Npgsql;
using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Interfaces.Live;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;

namespace Cereon.Silo.Hosting;

public static class SiloHostingExtensions
{
    private const string DashboardPath = "/dashboard";

    /// <summary>
    /// Runs an Orleans silo in this host that serves the cards chosen by <paramref name="cards"/>, clustered as
    /// <c>Cereon:Cluster</c> says and storing state as <c>Cereon:Storage</c> says, with the Orleans Dashboard, and
    /// the gateway's routes too unless <c>Cereon:Silo:HostGateway</c> is false.
    /// </summary>
    public static WebApplicationBuilder AddCereonSilo(this WebApplicationBuilder builder, Action<CardRegistrationBuilder> cards)
    {
        var cluster = ValidatedSettings.Read(builder.Configuration, CereonClusterOptions.SectionName, new CereonClusterOptionsValidator());
        var storage = ValidatedSettings.Read(builder.Configuration, StorageOptions.SectionName, new StorageOptionsValidator());
        builder.Services.AddOptions<CereonClusterOptions>().BindConfiguration(CereonClusterOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CereonClusterOptions>, CereonClusterOptionsValidator>());
        var memory = ValidatedSettings.Read(builder.Configuration, MemoryOptions.SectionName, new MemoryOptionsValidator());
        var siloSettings = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new();
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName);
        builder.Services.AddHealthChecks().AddCheck<SiloClusterHealthCheck>("silo-cluster", tags: [HealthEndpoints.ReadyTag]);
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        if (storage.Provider == StorageProviders.Postgres)
        {
            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(storage.ConnectionString!));
            builder.Services.AddSingleton<ILiveHistoryStore, PostgresLiveHistoryStore>();
        }

        builder.UseOrleans(silo =>
        {
            UseClustering(silo, cluster);
            UseStorage(silo, storage, StorageNames.Cards);
            UseStorage(silo, storage, LiveStreams.PubSubStorage);
            UseMemoryBudget(silo, memory);
            silo.AddCereonCards(cards);
            silo.AddCereonLiveStreams();
            silo.AddDashboard();
            silo.AddActivityPropagation();
        });
        if (siloSettings.HostGateway)
        {
            builder.AddCereonGateway();
        }
        else
        {
            // The dashboard's admin check and the host's hardening; a co-hosted gateway brings them with its own.
            builder.AddCereonHostSecurity();
        }

        return builder;
    }

    /// <summary>
    /// Maps the Orleans Dashboard at <c>/dashboard</c> (admin only: see <c>Cereon:Auth:AdminRole</c> and
    /// <c>AdminPort</c>), and the gateway's routes when this silo hosts them.
    /// </summary>
    public static WebApplication MapCereonSilo(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.HostGateway)
        {
            app.MapCereonGateway();
        }
        else
        {
            app.UseJsonErrors();
            app.UseCereonHostSecurity();
        }

        app.UseAdminOnly(DashboardPath);
        app.MapOrleansDashboard(routePrefix: DashboardPath);
        return app;
    }

    private static void UseClustering(ISiloBuilder silo, CereonClusterOptions cluster)
    {
        if (cluster.Clustering == ClusteringModes.Localhost)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
            return;
        }

        silo.UseRedisClustering(cluster.RedisConnectionString!);
        if (cluster.Clustering == ClusteringModes.Kubernetes)
        {
            // The silo's name and address come from the pod (POD_NAME, POD_IP), and dead pods' silos are declared
            // dead at once; only the ports are ours.
            silo.UseKubernetesHosting();
            silo.Configure<EndpointOptions>(options =>
            {
                options.SiloPort = cluster.SiloPort;
                options.GatewayPort = cluster.GatewayPort;
            });
        }
        else if (cluster.AdvertisedAddress is { Length: > 0 } address)
        {
            // An explicit address is also the only one listened on: a loopback cluster stays on loopback.
            silo.ConfigureEndpoints(IPAddress.Parse(address), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }

        // After Kubernetes hosting, which takes the cluster ids from ORLEANS_* variables when they are set: the last
        // configuration wins, so Cereon:Cluster is their one source in every mode, as it is for the gateways.
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });

        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = cluster.ProbeTimeout;
            options.NumMissedProbesLimit = cluster.MissedProbesLimit;
        });
    }

    private static void UseMemoryBudget(ISiloBuilder silo, MemoryOptions memory)
    {
        silo.Configure<GrainDirectoryOptions>(directory => directory.CacheSize = memory.DirectoryCacheSize);
        silo.Configure<GrainCollectionOptions>(collection =>
        {
            collection.EnableActivationSheddingOnMemoryPressure = memory.ShedActivationsOnPressure;
            collection.MemoryUsageLimitPercentage = memory.ShedAbovePercent;
            collection.MemoryUsageTargetPercentage = memory.ShedTargetPercent;
        });
        silo.AddMemoryReclaim(memory);
    }

    private static void UseStorage(ISiloBuilder silo, StorageOptions storage, string name)
    {
        if (storage.Provider == StorageProviders.Postgres)
        {
            silo.AddAdoNetGrainStorage(name, options => options.Configure<Serializer>((ado, serializer) =>
            {
                ado.Invariant = "Npgsql";
                ado.ConnectionString = storage.ConnectionString;

                // Orleans' own serializer, not the provider's default JSON: grain state types are [GenerateSerializer]
                // records with stable ids (version tolerant), and some, like SiloAddress keys, have no JSON form.
                ado.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        }
        else
        {
            silo.AddMemoryGrainStorage(name);

            // Memory storage keeps every state written until the process ends, one per parameter set ever seen:
            // last good results stay in their activations instead, unless Cereon:Cache:StoreLastGood says otherwise
            // (configuration is bound after this, so it wins).
            silo.Services.Configure<CardCacheOptions>(cache => cache.StoreLastGood = false);
        }
    }
}
