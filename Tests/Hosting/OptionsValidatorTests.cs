using Cereon.Gateway.Hosting;
using Cereon.Gateway.Live;
using Cereon.Gateway.Security;
using Cereon.Grains.Caching;
using Cereon.Grains.Hosting;
using Cereon.Grains.Live;
using Cereon.Hosting;
using Cereon.Hosting.Security;
using Cereon.Silo.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using GatewayOptions = Cereon.Gateway.Hosting.GatewayOptions;

namespace Cereon.Tests.Hosting;

/// <summary>
/// Every options class of the gateway, the grains and the silo: its defaults pass, and each bad value fails with a
/// message naming the environment variable to fix, including the bounds Orleans itself enforces at start.
/// </summary>
public sealed class OptionsValidatorTests
{
    public static TheoryData<string, Func<ValidateOptionsResult>, string> BadSettings() => new()
    {
        { "blank signing key", () => Auth(o => o.JwtSigningKey = new string(' ', 36)), "Cereon__Auth__JwtSigningKey" },
        { "short signing key", () => Auth(o => o.JwtSigningKey = "short"), "Cereon__Auth__JwtSigningKey" },
        { "key and authority", () => Auth(o => { o.JwtSigningKey = new string('k', 40); o.Authority = "https://id.example"; }), "Cereon__Auth__Authority" },
        { "relative authority", () => Auth(o => o.Authority = "id.example"), "Cereon__Auth__Authority" },
        { "empty admin role", () => Auth(o => o.AdminRole = " "), "Cereon__Auth__AdminRole" },
        { "admin port 0", () => Auth(o => o.AdminPort = 0), "Cereon__Auth__AdminPort" },
        { "skew above 5 minutes", () => Auth(o => o.ClockSkew = TimeSpan.FromMinutes(10)), "Cereon__Auth__ClockSkew" },
        { "negative skew", () => Auth(o => o.ClockSkew = TimeSpan.FromSeconds(-1)), "Cereon__Auth__ClockSkew" },
        { "production without auth", () => new AuthOptionsValidator(new DeploymentMode(IsProduction: true)).Validate(null, new AuthOptions()), "Cereon__Auth__JwtSigningKey" },
        { "api permits 0", () => new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { ApiPermitsPerSecond = 0 }), "Cereon__RateLimits__ApiPermitsPerSecond" },
        { "socket messages 0", () => new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { SocketMessagesPerSecond = 0 }), "Cereon__RateLimits__SocketMessagesPerSecond" },
        { "no connections", () => Sockets(o => o.MaxConnections = 0), "Cereon__WebSocket__MaxConnections" },
        { "tiny send queue", () => Sockets(o => o.SendQueueCapacity = 1), "Cereon__WebSocket__SendQueueCapacity" },
        { "tiny messages", () => Sockets(o => o.MaxMessageBytes = 10), "Cereon__WebSocket__MaxMessageBytes" },
        { "no missed heartbeats", () => Sockets(o => o.MissedHeartbeats = 0), "Cereon__WebSocket__MissedHeartbeats" },
        { "heartbeat 0", () => Sockets(o => o.HeartbeatInterval = TimeSpan.Zero), "Cereon__WebSocket__HeartbeatInterval" },
        { "no subscriptions", () => Sockets(o => o.MaxSubscriptionsPerSocket = 0), "Cereon__WebSocket__MaxSubscriptionsPerSocket" },
        { "lease renew 0", () => Sockets(o => o.LeaseRenewInterval = TimeSpan.Zero), "Cereon__WebSocket__LeaseRenewInterval" },
        { "ack flush 0", () => Sockets(o => o.AckFlushInterval = TimeSpan.Zero), "Cereon__WebSocket__AckFlushInterval" },
        { "otlp without scheme", () => new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { OtlpEndpoint = "collector:4317" }), "Cereon__Telemetry__OtlpEndpoint" },
        { "log format", () => new LoggingOptionsValidator().Validate(null, new LoggingOptions { Format = "xml" }), "Cereon__Logging__Format" },
        { "tiny params", () => Gateway(o => o.MaxParamsBytes = 10), "Cereon__Gateway__MaxParamsBytes" },
        { "body below params", () => Gateway(o => o.MaxRequestBodyBytes = 2048), "Cereon__Gateway__MaxRequestBodyBytes" },
        { "catalog refresh 0", () => Gateway(o => o.CatalogRefreshInterval = TimeSpan.Zero), "Cereon__Gateway__CatalogRefreshInterval" },
        { "response cache below 0", () => Gateway(o => o.ResponseCacheBytes = -1), "Cereon__Gateway__ResponseCacheBytes" },
        { "proxy not an address", () => Proxies(o => o.KnownProxies = ["proxy.local"]), "Cereon__Gateway__KnownProxies" },
        { "network not CIDR", () => Proxies(o => o.KnownNetworks = ["10.0.0.0"]), "Cereon__Gateway__KnownNetworks" },
        { "retain none", () => Live(o => o.RetainCount = 0), "Cereon__Live__RetainCount" },
        { "retain age 0", () => Live(o => o.RetainAge = TimeSpan.Zero), "Cereon__Live__RetainAge" },
        { "lease ttl 0", () => Live(o => o.LeaseTtl = TimeSpan.Zero), "Cereon__Live__LeaseTtl" },
        { "state flush 0", () => Live(o => o.StateFlushInterval = TimeSpan.Zero), "Cereon__Live__StateFlushInterval" },
        { "negative linger", () => Live(o => o.Linger = TimeSpan.FromSeconds(-1)), "Cereon__Live__Linger" },
        { "no append in flight", () => Live(o => o.MaxAppendsInFlight = 0), "Cereon__Live__MaxAppendsInFlight" },
        { "negative cache size", () => Cache(o => o.MaxBytes = -1), "Cereon__Cache__MaxBytes" },
        { "negative ttl", () => Cache(o => o.DefaultTtl = TimeSpan.FromSeconds(-1)), "Cereon__Cache__DefaultTtl" },
        { "handler timeout past the call timeout", () => Cache(o => o.HandlerTimeout = TimeSpan.FromMinutes(5)), "Cereon__Cache__HandlerTimeout" },
        { "idle deactivation within Orleans' quantum", () => Collection(TimeSpan.FromSeconds(30)), "Cereon__Cache__IdleDeactivation" },
        { "idle deactivation equal to Orleans' quantum", () => Collection(TimeSpan.FromMinutes(1)), "Cereon__Cache__IdleDeactivation" },
        { "clustering", () => Cluster(o => o.Clustering = "bogus"), "Cereon__Cluster__Clustering" },
        { "cluster id", () => Cluster(o => o.ClusterId = " "), "Cereon__Cluster__ClusterId" },
        { "service id", () => Cluster(o => o.ServiceId = ""), "Cereon__Cluster__ServiceId" },
        { "redis without connection", () => Cluster(o => o.Clustering = ClusteringModes.Redis), "Cereon__Cluster__RedisConnectionString" },
        { "advertised address", () => Cluster(o => o.AdvertisedAddress = "silo-1"), "Cereon__Cluster__AdvertisedAddress" },
        { "advertised address in kubernetes", () => Cluster(o => { o.Clustering = ClusteringModes.Kubernetes; o.RedisConnectionString = "redis:6379"; o.AdvertisedAddress = "10.0.0.5"; }), "Cereon__Cluster__AdvertisedAddress" },
        { "probe timeout 0", () => Cluster(o => o.ProbeTimeout = TimeSpan.Zero), "Cereon__Cluster__ProbeTimeout" },
        { "missed probes 0", () => Cluster(o => o.MissedProbesLimit = 0), "Cereon__Cluster__MissedProbesLimit" },
        { "silo port", () => Cluster(o => o.SiloPort = 70000), "Cereon__Cluster__SiloPort" },
        { "gateway port", () => Cluster(o => o.GatewayPort = 0), "Cereon__Cluster__GatewayPort" },
        { "storage provider", () => new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = "sqlite" }), "Cereon__Storage__Provider" },
        { "postgres without connection", () => new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = StorageProviders.Postgres }), "Cereon__Storage__ConnectionString" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadSetting_Fails_NamingItsEnvironmentVariable(string setting, Func<ValidateOptionsResult> validate, string variable)
    {
        var result = validate();

        Assert.True(result.Failed, setting);
        Assert.Contains(variable, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new AuthOptionsValidator().Validate(null, new AuthOptions()).Succeeded);
        Assert.True(new RateLimitOptionsValidator().Validate(null, new RateLimitOptions()).Succeeded);
        Assert.True(new LiveSocketOptionsValidator().Validate(null, new LiveSocketOptions()).Succeeded);
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions()).Succeeded);
        Assert.True(new LoggingOptionsValidator().Validate(null, new LoggingOptions()).Succeeded);
        Assert.True(new GatewayOptionsValidator().Validate(null, new GatewayOptions()).Succeeded);
        Assert.True(new TrustedProxyOptionsValidator().Validate(null, new TrustedProxyOptions()).Succeeded);
        Assert.True(new LiveCardOptionsValidator().Validate(null, new LiveCardOptions()).Succeeded);
        Assert.True(new CardCacheOptionsValidator().Validate(null, new CardCacheOptions()).Succeeded);
        Assert.True(Collection(new CardCacheOptions().IdleDeactivation).Succeeded);
        Assert.True(new CereonClusterOptionsValidator().Validate(null, new CereonClusterOptions()).Succeeded);
        Assert.True(new StorageOptionsValidator().Validate(null, new StorageOptions()).Succeeded);
    }

    /// <summary>Orleans' own rules for activation collection, reported like ours rather than as a stack trace at start.</summary>
    [Fact]
    public void ActivationCollection_ChecksOrleansOwnBounds()
    {
        var validator = new ActivationCollectionValidator();

        var quantum = validator.Validate(null, new GrainCollectionOptions { CollectionQuantum = TimeSpan.Zero });
        var age = validator.Validate(null, new GrainCollectionOptions { CollectionAge = TimeSpan.FromSeconds(30) });
        var memory = validator.Validate(null, new GrainCollectionOptions
        {
            EnableActivationSheddingOnMemoryPressure = true,
            MemoryUsageLimitPercentage = 80,
            MemoryUsageTargetPercentage = 90,
        });

        Assert.Contains("CollectionQuantum", quantum.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("CollectionAge", age.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("MemoryUsageTargetPercentage", memory.FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Auth(Action<AuthOptions> change) => Check(new AuthOptionsValidator(), change);

    private static ValidateOptionsResult Sockets(Action<LiveSocketOptions> change) => Check(new LiveSocketOptionsValidator(), change);

    private static ValidateOptionsResult Gateway(Action<GatewayOptions> change) => Check(new GatewayOptionsValidator(), change);

    private static ValidateOptionsResult Proxies(Action<TrustedProxyOptions> change) => Check(new TrustedProxyOptionsValidator(), change);

    private static ValidateOptionsResult Live(Action<LiveCardOptions> change) => Check(new LiveCardOptionsValidator(), change);

    private static ValidateOptionsResult Cache(Action<CardCacheOptions> change) => Check(new CardCacheOptionsValidator(), change);

    private static ValidateOptionsResult Cluster(Action<CereonClusterOptions> change) => Check(new CereonClusterOptionsValidator(), change);

    private static ValidateOptionsResult Collection(TimeSpan idleDeactivation)
    {
        var options = new GrainCollectionOptions();
        options.ClassSpecificCollectionAge[typeof(CardGrain).FullName!] = idleDeactivation;
        return new ActivationCollectionValidator().Validate(null, options);
    }

    private static ValidateOptionsResult Check<TOptions>(IValidateOptions<TOptions> validator, Action<TOptions> change)
        where TOptions : class, new()
    {
        var options = new TOptions();
        change(options);
        return validator.Validate(null, options);
    }
}
