using System.Text.Json;
using Cereon.Bench.Soak;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Deployment;

/// <summary>
/// The silo image caps glibc's malloc arenas: with glibc's default, up to 8 per core, 16 arenas kept the native memory
/// freed after parameter churn (BENCHMARKS.md, "Session 5: memory after churn"). The soak, <c>dotnet run</c> and the
/// local cluster script run the silo with the image's value, so each runs the silo as deployed.
/// </summary>
public sealed class ImageMemorySettingsTests
{
    private static string ImageValue => Dockerfile.Parse("Dockerfile.silo").Environment["MALLOC_ARENA_MAX"];

    [Fact]
    public void SiloImage_CapsMallocArenas()
    {
        Assert.Equal("2", ImageValue);
    }

    [Fact]
    public void Soak_RunsTheSilo_WithTheImagesMallocArenas()
    {
        Assert.Equal(ImageValue, SoakScenario.SiloEnvironment["MALLOC_ARENA_MAX"]);
    }

    [Fact]
    public void DotnetRun_StartsTheSilo_WithTheImagesMallocArenas_AndNothingElse()
    {
        using var settings = JsonDocument.Parse(RepositoryFiles.Read("Silo/Properties/launchSettings.json"));

        // `dotnet run` applies the first profile that runs the project.
        var profile = settings.RootElement.GetProperty("profiles").EnumerateObject()
            .First(p => p.Value.GetProperty("commandName").GetString() == "Project").Value;
        var environment = profile.GetProperty("environmentVariables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

        Assert.Equal(ImageValue, environment["MALLOC_ARENA_MAX"]);

        // No URL and no environment name: the README's address (http://localhost:8000) and the Production environment
        // stay what they are without a profile.
        Assert.Equal(["MALLOC_ARENA_MAX"], environment.Keys);
        Assert.False(profile.TryGetProperty("applicationUrl", out _));
    }

    [Fact]
    public async Task ClusterScript_StartsEverySilo_WithTheImagesMallocArenas()
    {
        var state = Directory.CreateTempSubdirectory("cereon-dry-run-");
        try
        {
            var result = await Commands.RunAsync(
                "bash", ["scripts/cluster.sh", "--dry-run", "up"], RepositoryFiles.Root, TimeSpan.FromMinutes(1),
                new Dictionary<string, string> { ["CEREON_STATE_DIR"] = state.FullName });

            Assert.True(result.ExitCode == 0, result.ToString());
            var silos = result.Output.Split('\n').Where(line => line.StartsWith("[dry-run] silo ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, silos.Count);
            Assert.All(silos, line => Assert.Contains($" MALLOC_ARENA_MAX={ImageValue} ", line, StringComparison.Ordinal));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }
}
