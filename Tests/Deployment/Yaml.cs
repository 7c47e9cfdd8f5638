using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cereon.Tests.Deployment;

/// <summary>Reading YAML documents (manifests, compose) by path, with messages that name the missing key.</summary>
public static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string text)
    {
        // Merge keys (<<: *anchor) resolved, as docker compose does.
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(text))));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static YamlNode Get(this YamlNode node, params string[] path) =>
        node.Find(path) ?? throw new KeyNotFoundException($"no {string.Join('.', path)} in {Describe(node)}");

    public static string? Text(this YamlNode node, params string[] path) => (node.Find(path) as YamlScalarNode)?.Value;

    public static string Required(this YamlNode node, params string[] path) =>
        node.Text(path) ?? throw new KeyNotFoundException($"no {string.Join('.', path)} in {Describe(node)}");

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.Find(path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    /// <summary>A mapping of scalars (labels, data, environment) as a dictionary; empty when absent.</summary>
    public static Dictionary<string, string> Map(this YamlNode node, params string[] path) =>
        node.Find(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (p.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    private static string Describe(YamlNode node) =>
        node.Text("kind") is { } kind ? $"{kind} {node.Text("metadata", "name")}" : node.Start.ToString();
}
