using System.Text.Json;

namespace Cereon.Tests.Deployment;

/// <summary>A Dockerfile read the way docker reads it: line continuations joined, comments dropped, stages split.</summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Build => Stages[0];

    public DockerStage Runtime => Stages[^1];

    /// <summary>The runtime stage's ENV, as the container starts with it.</summary>
    public Dictionary<string, string> Environment =>
        Runtime.All("ENV").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);

    public static Dockerfile Parse(string name)
    {
        var instructions = new List<(string Keyword, string Arguments)>();
        var pending = "";
        foreach (var raw in RepositoryFiles.Read(name).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            pending += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (line.EndsWith('\\'))
            {
                continue;
            }

            var split = pending.Split(' ', 2);
            instructions.Add((split[0].ToUpperInvariant(), split.Length > 1 ? split[1].Trim() : ""));
            pending = "";
        }

        var stages = new List<DockerStage>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                stages.Add(new DockerStage(instruction.Arguments.Split(' ')[0]));
            }
            else
            {
                stages[^1].Instructions.Add(instruction);
            }
        }

        return new Dockerfile(stages);
    }

    /// <summary>The exec form of an instruction (<c>["dotnet", "x.dll"]</c>) as its words.</summary>
    public static IReadOnlyList<string> ExecForm(string arguments) =>
        JsonSerializer.Deserialize<string[]>(arguments[arguments.IndexOf('[', StringComparison.Ordinal)..]) ?? [];
}

public sealed class DockerStage(string baseImage)
{
    public string BaseImage { get; } = baseImage;

    public List<(string Keyword, string Arguments)> Instructions { get; } = [];

    public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    public string One(string keyword) => All(keyword).Single();
}
