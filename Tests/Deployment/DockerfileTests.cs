using System.Globalization;
using System.Runtime.Versioning;
using Cereon.Hosting;
using Cereon.Silo.Hosting;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Deployment;

/// <summary>
/// Docker is not available here, so each Dockerfile's build stage is replayed: a build context holding only what its
/// COPY lines copy (less what .dockerignore leaves out), then its RUN dotnet lines exactly as written, with the
/// output redirected to a temporary folder. The runtime stage is checked against that output and the code.
/// </summary>
[Trait("Category", "Slow")]
[Collection(Name)]
public sealed class DockerfileTests
{
    /// <summary>Publishing compiles the solution twice over; nothing else should compete for the cores meanwhile.</summary>
    public const string Name = "dockerfile publish";

    [Theory]
    [InlineData("Dockerfile.silo", "Silo/Silo.csproj")]
    [InlineData("Dockerfile.gateway", "Gateway/Gateway.csproj")]
    public async Task BuildStage_PublishesTheProject_AsTheDockerfileRunsIt(string name, string project)
    {
        var dockerfile = Dockerfile.Parse(name);
        var work = Directory.CreateTempSubdirectory("cereon-docker-").FullName;
        try
        {
            var context = Path.Combine(work, "src");
            var output = Path.Combine(work, "app");
            var runs = new List<string>();
            foreach (var (keyword, arguments) in dockerfile.Build.Instructions)
            {
                switch (keyword)
                {
                    case "WORKDIR":
                        Assert.Equal("/src", arguments);
                        Directory.CreateDirectory(context);
                        break;
                    case "COPY":
                        Copy(arguments, context);
                        break;
                    case "RUN":
                        runs.Add(arguments);
                        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        Assert.Equal("dotnet", words[0]);
                        var args = words.Skip(1).Select(w => w == "/app" ? output : w).ToList();
                        var run = await Commands.RunAsync("dotnet", args, context, TimeSpan.FromMinutes(8));
                        Assert.True(run.ExitCode == 0, $"RUN {arguments}: {run}");
                        break;
                    default:
                        throw new InvalidOperationException($"{name}: the replay does not know {keyword}");
                }
            }

            Assert.Equal([$"dotnet restore {project}", $"dotnet publish {project} -c Release --no-restore -o /app"], runs);
            Assert.Equal("/app", dockerfile.Runtime.One("WORKDIR"));
            Assert.Equal("--from=build /app .", dockerfile.Runtime.All("COPY").First());
            var entry = Dockerfile.ExecForm(dockerfile.Runtime.One("ENTRYPOINT"));
            Assert.Equal("dotnet", entry[0]);
            Assert.True(File.Exists(Path.Combine(output, entry[1])), $"{entry[1]} is not in the published output");
            Assert.True(File.Exists(Path.Combine(output, Path.ChangeExtension(entry[1], ".runtimeconfig.json"))));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Theory]
    [InlineData("Dockerfile.silo", true)]
    [InlineData("Dockerfile.gateway", false)]
    [SupportedOSPlatform("linux")]
    public void RuntimeStage_RunsUnprivileged_ExposesOnlyItsPorts_AndChecksItsHealth(string name, bool silo)
    {
        var dockerfile = Dockerfile.Parse(name);
        var environment = dockerfile.Environment;
        var http = new Uri(environment["ASPNETCORE_URLS"].Replace("+", "host", StringComparison.Ordinal)).Port;
        var cluster = new CereonClusterOptions();
        var exposed = dockerfile.Runtime.One("EXPOSE").Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).Order();
        var healthCheck = Dockerfile.ExecForm(dockerfile.Runtime.One("HEALTHCHECK"));
        var installed = dockerfile.Runtime.All("COPY").Where(c => !c.StartsWith("--from", StringComparison.Ordinal)).Select(c => c.Split(' ')).ToList();

        Assert.Equal(silo ? [http, cluster.SiloPort, cluster.GatewayPort] : [http], exposed);
        Assert.Equal("$APP_UID", dockerfile.Runtime.One("USER"));
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", dockerfile.Runtime.BaseImage, StringComparison.Ordinal);
        Assert.DoesNotContain(environment.Keys, k => k.Contains("Password", StringComparison.OrdinalIgnoreCase) || k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase));

        // The health check is the shipped script, installed under the name the HEALTHCHECK runs, on the HTTP port.
        var script = installed.Single(c => c[1] == $"/usr/local/bin/{healthCheck[0]}")[0];
        Assert.Contains("CEREON_HEALTH_PORT", RepositoryFiles.Read(script), StringComparison.Ordinal);
        Assert.True(File.GetUnixFileMode(RepositoryFiles.PathOf(script)).HasFlag(UnixFileMode.OtherExecute), $"{script} must be executable: COPY keeps the mode");
        Assert.Equal($"{http}", environment["CEREON_HEALTH_PORT"]);
        Assert.Equal(["/health/ready"], healthCheck.Skip(1));
        var settings = environment.Where(e => e.Key is not ("CEREON_HEALTH_PORT" or "MALLOC_ARENA_MAX")).ToDictionary(StringComparer.Ordinal);
        var problems = CereonSettings.Problems(settings);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(!silo, CereonSettings.Bind<SiloOptions>(settings).HostGateway);
    }

    [Fact]
    public void BuildContext_LeavesOutLocalBuildOutput()
    {
        var ignored = RepositoryFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".env*" }, ignored);
    }

    /// <summary>One COPY line into the context: sources relative to the repository, the destination to WORKDIR.</summary>
    private static void Copy(string arguments, string context)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var destination = Path.Combine(context, parts[^1] == "./" ? "" : parts[^1]);
        foreach (var source in parts[..^1])
        {
            var from = RepositoryFiles.PathOf(source.TrimEnd('/'));
            if (Directory.Exists(from))
            {
                CopyDirectory(from, destination);
            }
            else
            {
                Assert.True(File.Exists(from), $"COPY {source}: no such file in the repository");
                Directory.CreateDirectory(destination);
                File.Copy(from, Path.Combine(destination, Path.GetFileName(from)));
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        // .dockerignore leaves bin/ and obj/ out (BuildContext_LeavesOutLocalBuildOutput).
        foreach (var directory in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}

[CollectionDefinition(DockerfileTests.Name, DisableParallelization = true)]
public sealed class DockerfilePublishGroup;
