using System.Text.RegularExpressions;
using Cereon.Tests.Deployment;

namespace Cereon.Tests.Docs;

/// <summary>
/// Code, tests and docs cite the wire contract as "protocol.md §n": every such section exists in docs/protocol.md, so
/// renumbering it, or citing a section it does not have, fails here rather than leaving a newcomer at a dead end.
/// </summary>
public sealed partial class ProtocolReferencesTests
{
    private static readonly string[] Cited = [".cs", ".md", ".html", ".conf"];

    [Fact]
    public void EveryCitedSection_ExistsInDocsProtocolMd()
    {
        var sections = Heading().Matches(RepositoryFiles.Read("docs/protocol.md")).Select(m => m.Groups["n"].Value).ToHashSet();
        var citations = Sources()
            .SelectMany(file => Citation().Matches(File.ReadAllText(file))
                .SelectMany(m => m.Groups["n"].Captures.Select(n => (File: Path.GetRelativePath(RepositoryFiles.Root, file), Section: n.Value))))
            .ToList();

        Assert.True(citations.Count > 40, $"only {citations.Count} citations found");
        Assert.DoesNotContain(citations, c => !sections.Contains(c.Section));
        Assert.Contains("(docs/protocol.md)", RepositoryFiles.Read("README.md"), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(RepositoryFiles.Root, "*", SearchOption.AllDirectories)
            .Where(file => Cited.Contains(Path.GetExtension(file)))
            .Where(file => !Path.GetRelativePath(RepositoryFiles.Root, file).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj" or ".git" or ".cluster"));

    [GeneratedRegex(@"^## (?<n>\d+)\. ", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"protocol\.md(?:#[\w-]+)?\)? §(?<n>\d+)(?:, §(?<n>\d+))*")]
    private static partial Regex Citation();
}
