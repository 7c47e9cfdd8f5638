using System.Globalization;
using Cereon.Gateway.Live;
using Cereon.Hosting;
using Cereon.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Cereon.Tests.Deployment;

/// <summary>
/// Every overlay under <c>k8s/overlays</c>, rendered by <c>kubectl kustomize</c>, checked against the code: setting
/// names and values against our options classes and validators, ports and probe paths against what the processes
/// listen on and map, and the Kubernetes plumbing (labels, selectors, RBAC, secrets) against itself.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] ProbeKinds = ["startupProbe", "livenessProbe", "readinessProbe"];

    public static TheoryData<string> Overlays { get; } = new(Directory.GetDirectories(RepositoryFiles.PathOf("k8s/overlays")).Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryEnvironmentKey_OfOurContainers_IsReadByTheCode_AndValid(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var containers = Workloads(manifests).SelectMany(w => Manifests.PodSpec(w).Items("containers")
            .Where(IsOurs).Select(c => (Name: $"{w.Text("kind")} {w.Text("metadata", "name")}/{c.Text("name")}", Container: c))).ToList();

        Assert.Equal(3, containers.Count);
        var problems = containers.SelectMany(c => CereonSettings.Problems(manifests.Environment(c.Container)).Select(p => $"{c.Name}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Silos_AreClusteredByTheKubernetesHosting_WithTheGatewaysIds(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var silo = manifests.Resource("Deployment", "cereon-silo");
        var silos = manifests.Environment(Manifests.Container(silo, "silo"));
        var gateways = manifests.Environment(Manifests.Container(manifests.Resource("Deployment", "cereon-gateway"), "gateway"));
        var labels = silo.Map("spec", "template", "metadata", "labels");
        var fields = Manifests.Container(silo, "silo").Items("env")
            .Where(e => e.Find("valueFrom", "fieldRef") is not null)
            .ToDictionary(e => e.Required("name"), e => e.Required("valueFrom", "fieldRef", "fieldPath"), StringComparer.Ordinal);

        Assert.Equal(ClusteringModes.Kubernetes, silos["Cereon__Cluster__Clustering"]);
        Assert.Equal("metadata.name", fields[KubernetesHostingOptions.PodNameEnvironmentVariable]);
        Assert.Equal("metadata.namespace", fields[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]);
        Assert.Equal("status.podIP", fields[KubernetesHostingOptions.PodIPEnvironmentVariable]);

        // Silos and gateways read their cluster ids from Cereon:Cluster alone, so the manifests write them once: no
        // ORLEANS_* variable and no orleans/* pod label (each silo labels its own pod with its ids).
        var cluster = CereonSettings.Bind<CereonClusterOptions>(gateways);
        var siloCluster = CereonSettings.Bind<CereonClusterOptions>(silos);
        Assert.Equal((cluster.ClusterId, cluster.ServiceId, cluster.RedisConnectionString), (siloCluster.ClusterId, siloCluster.ServiceId, siloCluster.RedisConnectionString));
        Assert.DoesNotContain(silos.Keys, k => k is KubernetesHostingOptions.ClusterIdEnvironmentVariable or KubernetesHostingOptions.ServiceIdEnvironmentVariable);
        Assert.DoesNotContain(labels.Keys, k => k is KubernetesHostingOptions.ClusterIdLabel or KubernetesHostingOptions.ServiceIdLabel);

        var account = Manifests.PodSpec(silo).Required("serviceAccountName");
        manifests.Resource("ServiceAccount", account);
        var binding = manifests.OfKind("RoleBinding").Single(b => b.Items("subjects").Any(s => s.Text("name") == account));
        var subject = binding.Items("subjects").Single(s => s.Text("name") == account);
        Assert.Equal(Namespace(manifests), subject.Text("namespace"));
        var role = manifests.Resource("Role", binding.Required("roleRef", "name"));
        var podRules = role.Items("rules").Where(r => r.Items("resources").Any(x => ((YamlScalarNode)x).Value == "pods"));
        var verbs = podRules.SelectMany(r => r.Items("verbs")).Select(v => ((YamlScalarNode)v).Value).ToHashSet();
        Assert.Superset(new HashSet<string?> { "get", "list", "watch", "patch" }, verbs);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Ports_AreTheOnesTheProcessesListenOn(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var silo = Manifests.Container(manifests.Resource("Deployment", "cereon-silo"), "silo");
        var gateway = Manifests.Container(manifests.Resource("Deployment", "cereon-gateway"), "gateway");
        var cluster = CereonSettings.Bind<CereonClusterOptions>(manifests.Environment(silo));

        Assert.Equal(cluster.SiloPort, Ports(silo)["silo"]);
        Assert.Equal(cluster.GatewayPort, Ports(silo)["orleans-gateway"]);

        foreach (var container in new[] { silo, gateway })
        {
            var urls = CereonSettings.ToConfiguration(manifests.Environment(container))["urls"];
            Assert.NotNull(urls);
            var listened = urls.Split(';').Select(u => new Uri(u.Replace("+", "host", StringComparison.Ordinal)).Port).Order().ToList();
            Assert.Equal(new[] { Ports(container)["http"], Ports(container)["admin"] }.Order(), listened);
            Assert.Equal(["http"], ProbeKinds.Select(p => container.Required(p, "httpGet", "port")).Distinct());
        }

        var service = manifests.Resource("Service", "cereon-gateway");
        Assert.All(service.Items("spec", "ports"), p => Assert.Contains(p.Required("targetPort"), Ports(gateway).Keys));
        var backend = manifests.Resource("Ingress", "cereon-gateway").Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Select(p => p.Get("backend", "service")).ToList();
        Assert.NotEmpty(backend);
        Assert.All(backend, b => Assert.Equal("cereon-gateway", b.Text("name")));
        Assert.All(backend, b => Assert.Contains(service.Items("spec", "ports"), p => p.Text("name") == b.Text("port", "name")));

        // By name, so that the numbers are written once, in the container.
        var allowed = manifests.Resource("NetworkPolicy", "cereon-silo").Items("spec", "ingress").SelectMany(r => r.Items("ports")).Select(p => p.Required("port")).ToHashSet();
        Assert.Equal(new HashSet<string> { "silo", "orleans-gateway", "admin" }, allowed);
    }

    /// <summary>
    /// Production mode serves /metrics (and /health/detailed, the dashboard) only on Cereon:Auth:AdminPort, so
    /// Prometheus must scrape that port: the pods' scrape annotations name it and the path the code maps.
    /// </summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Prometheus_ScrapesMetrics_OnTheAdminPort(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        foreach (var (deployment, name) in new[] { ("cereon-silo", "silo"), ("cereon-gateway", "gateway") })
        {
            var workload = manifests.Resource("Deployment", deployment);
            var container = Manifests.Container(workload, name);
            var environment = manifests.Environment(container);
            var auth = CereonSettings.Bind<AuthOptions>(environment);
            var annotations = workload.Map("spec", "template", "metadata", "annotations");

            Assert.True(DeploymentMode.From(CereonSettings.ToConfiguration(environment)).IsProduction, $"{deployment} is not in production mode");
            Assert.NotNull(auth.AdminPort);
            Assert.Equal(auth.AdminPort, Ports(container)["admin"]);
            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Equal($"{auth.AdminPort}", annotations["prometheus.io/port"]);
            Assert.Equal(OperationalPaths.Metrics.Value, annotations["prometheus.io/path"]);
        }

        var service = manifests.Resource("Service", "cereon-gateway");
        Assert.DoesNotContain(service.Items("spec", "ports"), p => p.Required("targetPort") == "admin");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task ProbePaths_AreMappedByTheHealthEndpoints(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var probes = new[] { ("cereon-silo", "silo"), ("cereon-gateway", "gateway") }
            .Select(d => Manifests.Container(manifests.Resource("Deployment", d.Item1), d.Item2))
            .SelectMany(c => ProbeKinds.Select(p => (Probe: p, Path: c.Required(p, "httpGet", "path"))))
            .ToList();

        var mapped = MappedHealthRoutes();
        Assert.All(probes, p => Assert.Contains(p.Path, mapped));
        // Liveness must not depend on PostgreSQL or Redis (a restart would not fix them); readiness must.
        Assert.All(probes.Where(p => p.Probe != "readinessProbe"), p => Assert.Equal("/health", p.Path));
        Assert.All(probes.Where(p => p.Probe == "readinessProbe"), p => Assert.Equal("/health/ready", p.Path));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Gateways_HaveNoSessionAffinity_AndTimeoutsThatOutlastTheHeartbeat(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var service = manifests.Resource("Service", "cereon-gateway");
        var ingress = manifests.Resource("Ingress", "cereon-gateway");
        var annotations = ingress.Map("metadata", "annotations");
        var live = CereonSettings.Bind<LiveSocketOptions>(manifests.Environment(Manifests.Container(manifests.Resource("Deployment", "cereon-gateway"), "gateway")));

        Assert.Equal("None", service.Text("spec", "sessionAffinity") ?? "None");
        Assert.DoesNotContain(annotations.Keys, k => k.Contains("affinity", StringComparison.OrdinalIgnoreCase) || k.Contains("session-cookie", StringComparison.OrdinalIgnoreCase));
        var quietest = live.HeartbeatInterval * (live.MissedHeartbeats + 1);
        foreach (var timeout in new[] { "nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout" })
        {
            Assert.True(TimeSpan.FromSeconds(int.Parse(annotations[timeout], CultureInfo.InvariantCulture)) > quietest, $"{timeout} would cut a quiet but healthy socket");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task GracePeriods_OutlastTheHostsShutdown(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        foreach (var (deployment, container) in new[] { ("cereon-silo", "silo"), ("cereon-gateway", "gateway") })
        {
            var workload = manifests.Resource("Deployment", deployment);
            var spec = Manifests.Container(workload, container);
            var preStop = spec.Items("lifecycle", "preStop", "exec", "command") is [{ } sleep, { } seconds] && ((YamlScalarNode)sleep).Value == "sleep"
                ? TimeSpan.FromSeconds(int.Parse(((YamlScalarNode)seconds).Value!, CultureInfo.InvariantCulture))
                : TimeSpan.Zero;
            var grace = TimeSpan.FromSeconds(int.Parse(Manifests.PodSpec(workload).Required("terminationGracePeriodSeconds"), CultureInfo.InvariantCulture));
            var shutdown = CereonSettings.ShutdownTimeout(manifests.Environment(spec));

            Assert.True(shutdown > TimeSpan.FromSeconds(30) || deployment == "cereon-gateway", $"{deployment}: {shutdown} is the .NET default, too short for Orleans to hand grains off");
            Assert.True(grace > preStop + shutdown, $"{deployment}: grace {grace} does not outlast preStop {preStop} + shutdown {shutdown}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Selectors_ReferencesAndNamespaces_Resolve(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var pods = manifests.OfKind("Deployment").ToDictionary(d => d.Required("metadata", "name"), d => d.Map("spec", "template", "metadata", "labels"), StringComparer.Ordinal);
        bool Selects(Dictionary<string, string> selector, string deployment) => selector.Count > 0 && selector.All(s => pods[deployment].GetValueOrDefault(s.Key) == s.Value);

        Assert.All(manifests.OfKind("Deployment"), d => Assert.True(Selects(d.Map("spec", "selector", "matchLabels"), d.Required("metadata", "name"))));
        Assert.All(manifests.OfKind("PodDisruptionBudget"), p => Assert.True(Selects(p.Map("spec", "selector", "matchLabels"), p.Required("metadata", "name"))));
        Assert.All(manifests.OfKind("HorizontalPodAutoscaler"), h => Assert.Contains(h.Required("spec", "scaleTargetRef", "name"), pods.Keys));
        Assert.Equal(2, manifests.OfKind("HorizontalPodAutoscaler").Count());
        Assert.True(Selects(manifests.Resource("Service", "cereon-gateway").Map("spec", "selector"), "cereon-gateway"));

        var policy = manifests.Resource("NetworkPolicy", "cereon-silo");
        Assert.True(Selects(policy.Map("spec", "podSelector", "matchLabels"), "cereon-silo"));
        var rules = policy.Items("spec", "ingress").ToList();
        var sources = rules.SelectMany(r => r.Items("from")).Where(f => f.Find("podSelector") is not null).Select(f => f.Map("podSelector", "matchLabels")).ToList();
        Assert.Contains(sources, s => Selects(s, "cereon-gateway"));
        Assert.All(sources, s => Assert.True(Selects(s, "cereon-gateway") || Selects(s, "cereon-silo"), "only gateways and silos may reach silos"));
        var scrapers = rules.Where(r => r.Items("from").Any(f => f.Find("podSelector") is null)).ToList();
        Assert.All(scrapers, r => Assert.Equal(["admin"], r.Items("ports").Select(p => p.Required("port"))));

        var ns = Namespace(manifests);
        Assert.All(manifests.Resources.Where(r => r.Text("kind") != "Namespace"), r => Assert.Equal(ns, r.Text("metadata", "namespace")));
        Assert.All(Workloads(manifests).SelectMany(w => Manifests.PodSpec(w).Items("volumes")).Select(v => v.Text("persistentVolumeClaim", "claimName")).OfType<string>(),
            claim => manifests.Resource("PersistentVolumeClaim", claim));
        Assert.All(Workloads(manifests).SelectMany(w => Manifests.PodSpec(w).Items("containers")), c => manifests.Environment(c));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Jobs_MigrateWithTheSiloImage_AndBackUpWithPgDump(string overlay)
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var siloImage = Manifests.Container(manifests.Resource("Deployment", "cereon-silo"), "silo").Required("image");
        var migrate = Manifests.Container(manifests.Resource("Job", "cereon-migrate"), "migrate");
        var backup = Manifests.Container(manifests.Resource("CronJob", "cereon-backup"), "backup");

        Assert.Equal(siloImage, migrate.Required("image"));
        Assert.Equal(["migrate"], migrate.Items("args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Equal("postgres", manifests.Environment(migrate)["Cereon__Storage__Provider"]);
        Assert.Equal(["PGDATABASE", "PGHOST", "PGPASSWORD", "PGPORT", "PGUSER", "RETENTION_DAYS"], manifests.Environment(backup).Keys.Order(StringComparer.Ordinal));
        Assert.All(Workloads(manifests).SelectMany(w => Manifests.PodSpec(w).Items("containers")).Select(c => c.Required("image")),
            image => Assert.Matches(@":[\w.-]+$", image));
        Assert.DoesNotContain(Workloads(manifests).SelectMany(w => Manifests.PodSpec(w).Items("containers")).Select(c => c.Required("image")), i => i.EndsWith(":latest", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSettingsCheck_RefusesRenamedOrUnknownKeys()
    {
        Assert.Empty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Cluster__Clustering"] = "localhost", ["POD_NAME"] = "p" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Cluster__Clusterin"] = "localhost" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Clusters__Clustering"] = "localhost" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Cluster__Clustering"] = "kubernetes" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__WebSocket__MaxConnections"] = "lots" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["CEREON_CLUSTER"] = "x" }));

        // Cereon:Gateway holds the gateway's settings and the host's trusted proxies: both are read, both validated.
        Assert.Empty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Gateway__KnownNetworks__0"] = "10.0.0.0/8", ["Cereon__Gateway__EnablePublish"] = "false" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Gateway__KnownNetwork__0"] = "10.0.0.0/8" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Gateway__KnownNetworks__0"] = "10.0.0.0" }));
        Assert.NotEmpty(CereonSettings.Problems(new Dictionary<string, string> { ["Cereon__Gateway__MaxParamsBytes"] = "1" }));
    }

    private static bool IsOurs(YamlNode container) =>
        container.Required("image").Contains("cereon-silo", StringComparison.Ordinal) || container.Required("image").Contains("cereon-gateway", StringComparison.Ordinal);

    private static IEnumerable<YamlMappingNode> Workloads(Manifests manifests) =>
        manifests.Resources.Where(r => r.Text("kind") is "Deployment" or "Job" or "CronJob");

    private static string Namespace(Manifests manifests) => manifests.OfKind("Namespace").Single().Required("metadata", "name");

    private static Dictionary<string, int> Ports(YamlNode container) =>
        container.Items("ports").ToDictionary(p => p.Required("name"), p => int.Parse(p.Required("containerPort"), CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>The routes <see cref="HealthEndpoints.MapCereonHealth"/> maps, which both Program.cs files call.</summary>
    private static HashSet<string> MappedHealthRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapCereonHealth();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
    }
}
