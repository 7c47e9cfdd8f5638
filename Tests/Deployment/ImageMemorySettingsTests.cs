using Cereon.Bench.Soak;

namespace Cereon.Tests.Deployment;

/// <summary>
/// The silo image caps glibc's malloc arenas: with glibc's default, up to 8 per core, 16 arenas kept the native memory
/// freed after parameter churn (BENCHMARKS.md, "Session 5: memory after churn"). The soak runs the silo with the
/// image's value, so its verdict is about the silo as deployed.
/// </summary>
public sealed class ImageMemorySettingsTests
{
    [Fact]
    public void SiloImage_CapsMallocArenas()
    {
        var environment = Dockerfile.Parse("Dockerfile.silo").Environment;

        Assert.Equal("2", environment["MALLOC_ARENA_MAX"]);
    }

    [Fact]
    public void Soak_RunsTheSilo_WithTheImagesMallocArenas()
    {
        var image = Dockerfile.Parse("Dockerfile.silo").Environment;

        Assert.Equal(image["MALLOC_ARENA_MAX"], SoakScenario.SiloEnvironment["MALLOC_ARENA_MAX"]);
    }
}
