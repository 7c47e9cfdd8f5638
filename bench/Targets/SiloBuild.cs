using System.Diagnostics;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>
/// Finds the Release build of <c>Silo/</c>, building it first when it is missing or when asked to. The bench does not
/// reference the silo project: it measures the silo as the separate process it is in production.
/// </summary>
internal static class SiloBuild
{
    private const string SolutionFile = "Cereon.Orleans.sln";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public static async Task<SiloLocation> EnsureAsync(bool rebuild, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(FindRepositoryRoot(), "Silo");
        var dll = Path.Combine(directory, "bin", "Release", "net10.0", "Cereon.Silo.dll");
        if (rebuild || !File.Exists(dll))
        {
            await BuildAsync(directory, cancellationToken);
        }

        return File.Exists(dll)
            ? new SiloLocation(directory, dll)
            : throw new BenchFailure($"The silo build succeeded but {dll} is missing");
    }

    private static async Task BuildAsync(string directory, CancellationToken cancellationToken)
    {
        await Console.Error.WriteLineAsync($"building {directory} (Release)…");
        var start = new ProcessStartInfo("dotnet");
        // No build servers: nothing the bench starts may outlive it.
        foreach (var arg in new[] { "build", Path.Combine(directory, "Silo.csproj"), "-c", "Release", "-nologo", "-clp:ErrorsOnly", "--disable-build-servers" })
        {
            start.ArgumentList.Add(arg);
        }

        await using var build = ChildProcess.Start("dotnet build Silo", start);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BuildTimeout);
        try
        {
            await build.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchFailure($"Building the silo took over {BuildTimeout.TotalMinutes:0} minutes");
        }

        if (build.ExitCode != 0)
        {
            throw new BenchFailure($"Building the silo failed:{Environment.NewLine}{build.Tail()}");
        }
    }

    public static string FindRepositoryRoot()
    {
        // The bench runs from bench/bin/<configuration>/net10.0/, several levels below the solution.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new BenchFailure($"No {SolutionFile} above {AppContext.BaseDirectory}; run the bench from its place in the repository");
    }
}
