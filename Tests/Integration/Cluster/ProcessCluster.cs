using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cereon.Bench.Processes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Cluster;

/// <summary>
/// A production-shaped cluster of real processes, driven through <c>scripts/cluster.sh</c> exactly as an operator
/// would: Redis, PostgreSQL, 2 silos and 2 gateways on loopback ports of their own, in a private state folder.
/// </summary>
public sealed class ProcessCluster : IAsyncLifetime
{
    private static readonly string Repo = FindRepo();
    private readonly Dictionary<string, string> _environment;

    public ProcessCluster()
    {
        var state = Directory.CreateTempSubdirectory("cereon-cluster-").FullName;
        var basePort = FreePort.Block(50, 20_000, 40_000) ?? throw new InvalidOperationException("no free block of loopback ports");
        _environment = new Dictionary<string, string>
        {
            ["CEREON_STATE_DIR"] = state,
            ["CEREON_GATEWAY_PORT_BASE"] = $"{basePort}",
            ["CEREON_SILO_HTTP_PORT_BASE"] = $"{basePort + 10}",
            ["CEREON_SILO_PORT_BASE"] = $"{basePort + 20}",
            ["CEREON_SILO_GATEWAY_PORT_BASE"] = $"{basePort + 30}",
            ["CEREON_REDIS_PORT"] = $"{basePort + 41}",
            ["CEREON_PG_PORT"] = $"{basePort + 42}",
            ["CEREON_STOP_TIMEOUT"] = "20",

            // The drills check that every acknowledged record is still stored; retention must not trim during a run.
            ["Cereon__Live__RetainCount"] = "100000",
        };
        Gateways = [new Uri($"http://127.0.0.1:{basePort + 1}"), new Uri($"http://127.0.0.1:{basePort + 2}")];
        RedisPort = basePort + 41;
        PostgresPort = basePort + 42;
        StateDirectory = state;
    }

    public IReadOnlyList<Uri> Gateways { get; }

    public int RedisPort { get; }

    public int PostgresPort { get; }

    public string StateDirectory { get; }

    public string PostgresConnectionString => $"Host=127.0.0.1;Port={PostgresPort};Database=cereon;Username=postgres";

    public async ValueTask InitializeAsync() => await RunAsync(TimeSpan.FromMinutes(5), "scripts/cluster.sh", "up");

    public async ValueTask DisposeAsync()
    {
        await RunAsync(TimeSpan.FromMinutes(2), "scripts/cluster.sh", "down");

        // Set CEREON_KEEP_CLUSTER_STATE to read the processes' logs after a failing run.
        if (Environment.GetEnvironmentVariable("CEREON_KEEP_CLUSTER_STATE") is null)
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    public Task KillAsync(string role, int n) => RunAsync(TimeSpan.FromSeconds(30), "scripts/cluster.sh", "kill", role, $"{n}");

    public Task RestartAsync(string role, int n) => RunAsync(TimeSpan.FromMinutes(2), "scripts/cluster.sh", "restart", role, $"{n}");

    /// <summary>The status lines, as <c>role pid url state</c>.</summary>
    public async Task<IReadOnlyList<string[]>> StatusAsync()
    {
        var output = await RunAsync(TimeSpan.FromSeconds(60), "scripts/cluster.sh", "status", allowFailure: true);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Where(f => f.Length == 4)];
    }

    /// <summary>
    /// Sends SIGTERM to process <paramref name="n"/> of the role (numbered as <c>cluster.sh</c> numbers them), as a
    /// rolling update does, and waits for it to finish its graceful shutdown.
    /// </summary>
    public async Task StopGracefullyAsync(string role, int n)
    {
        var line = (await StatusAsync()).Where(f => f[0] == role).ElementAt(n - 1);
        if (line[1] == "-")
        {
            throw new InvalidOperationException($"{role} {n} is not running");
        }

        using var process = Process.GetProcessById(int.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture));
        await RunAsync(TimeSpan.FromSeconds(10), "kill", "-TERM", line[1]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }

    public Task<string> RunScriptAsync(string script, IDictionary<string, string>? environment = null, params string[] args) =>
        RunAsync(TimeSpan.FromMinutes(2), script, environment, allowFailure: false, args);

    private Task<string> RunAsync(TimeSpan timeout, string command, params string[] args) =>
        RunAsync(timeout, command, null, allowFailure: false, args);

    private Task<string> RunAsync(TimeSpan timeout, string command, string arg, bool allowFailure) =>
        RunAsync(timeout, command, null, allowFailure, [arg]);

    private async Task<string> RunAsync(TimeSpan timeout, string command, IDictionary<string, string>? environment, bool allowFailure, string[] args)
    {
        var program = command.StartsWith("scripts/", StringComparison.Ordinal) ? Path.Combine(Repo, command) : command;
        var merged = new Dictionary<string, string>(_environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var result = await Commands.RunAsync(program, args, Repo, timeout, merged);
        if (result.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} exited {result.ExitCode}: {result.Output}\n{result.Errors}");
        }

        return result.Output;
    }

    private static string FindRepo()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cereon.Orleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cereon.Orleans.sln not found above the test binaries");
    }
}
