using Cereon.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Cereon.Tests.Deployment;

/// <summary>
/// A kustomize overlay rendered by <c>kubectl kustomize</c> (Debian's kubernetes-client), with the lookups the
/// manifest tests need. The Secrets come from <c>k8s/base/secret.template.yaml</c>, which is deliberately not rendered.
/// </summary>
public sealed class Manifests
{
    private Manifests(string overlay, IReadOnlyList<YamlMappingNode> resources, IReadOnlyList<YamlMappingNode> secrets)
    {
        Overlay = overlay;
        Resources = resources;
        Secrets = secrets;
    }

    public string Overlay { get; }

    public IReadOnlyList<YamlMappingNode> Resources { get; }

    public IReadOnlyList<YamlMappingNode> Secrets { get; }

    public static async Task<Manifests> RenderAsync(string overlay)
    {
        var kubectl = Commands.Find("kubectl")
            ?? throw new InvalidOperationException("kubectl is not installed; scripts/services.sh install adds Debian's kubernetes-client");
        var render = await Commands.RunAsync(kubectl, ["kustomize", RepositoryFiles.PathOf($"k8s/overlays/{overlay}")], RepositoryFiles.Root, TimeSpan.FromMinutes(1));
        Assert.True(render.ExitCode == 0, $"kubectl kustomize k8s/overlays/{overlay} failed: {render}");
        return new Manifests(overlay, Yaml.Documents(render.Output), Yaml.Documents(RepositoryFiles.Read("k8s/base/secret.template.yaml")));
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Resources.Where(r => r.Text("kind") == kind);

    public YamlMappingNode Resource(string kind, string name) =>
        OfKind(kind).SingleOrDefault(r => r.Text("metadata", "name") == name) ?? throw new KeyNotFoundException($"no {kind} {name} in overlay {Overlay}");

    /// <summary>A ConfigMap by the name a workload refers to (kustomize appends a content hash to generated ones).</summary>
    public YamlMappingNode ConfigMap(string name) => Resource("ConfigMap", name);

    public YamlMappingNode Secret(string name) =>
        Secrets.SingleOrDefault(s => s.Text("metadata", "name") == name) ?? throw new KeyNotFoundException($"no Secret {name} in k8s/base/secret.template.yaml");

    /// <summary>The pod template of a Deployment, Job or CronJob.</summary>
    public static YamlNode PodSpec(YamlMappingNode workload) => workload.Text("kind") switch
    {
        "CronJob" => workload.Get("spec", "jobTemplate", "spec", "template", "spec"),
        _ => workload.Get("spec", "template", "spec"),
    };

    public static YamlNode Container(YamlMappingNode workload, string name) =>
        PodSpec(workload).Items("containers").Single(c => c.Text("name") == name);

    /// <summary>A container's environment as the process sees it: envFrom sources, then env entries (which win).</summary>
    public Dictionary<string, string> Environment(YamlNode container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.Items("envFrom"))
        {
            var data = source.Text("configMapRef", "name") is { } map
                ? ConfigMap(map).Map("data")
                : Secret(source.Required("secretRef", "name")).Map("stringData");
            foreach (var (key, value) in data)
            {
                environment[key] = value;
            }
        }

        foreach (var variable in container.Items("env"))
        {
            environment[variable.Required("name")] = ValueOf(variable);
        }

        return environment;
    }

    private string ValueOf(YamlNode variable)
    {
        if (variable.Text("value") is { } value)
        {
            return value;
        }

        if (variable.Find("valueFrom", "configMapKeyRef") is { } mapKey)
        {
            return ConfigMap(mapKey.Required("name")).Map("data").GetValueOrDefault(mapKey.Required("key"))
                ?? throw new KeyNotFoundException($"ConfigMap {mapKey.Required("name")} has no key {mapKey.Required("key")}");
        }

        if (variable.Find("valueFrom", "secretKeyRef") is { } secretKey)
        {
            return Secret(secretKey.Required("name")).Map("stringData").GetValueOrDefault(secretKey.Required("key"))
                ?? throw new KeyNotFoundException($"Secret {secretKey.Required("name")} has no key {secretKey.Required("key")}");
        }

        // Filled in by Kubernetes from the pod (metadata.name, status.podIP): any value of the right shape will do.
        return variable.Required("valueFrom", "fieldRef", "fieldPath") == "status.podIP" ? "10.0.0.1" : "from-the-pod";
    }
}
