using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cereon.Bench.Cli;
using Cereon.Bench.Targets;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Failover;

/// <summary>
/// The distributed shape, driven through <c>scripts/cluster.sh</c> as an operator would (Redis, PostgreSQL, 2 silos,
/// 2 gateways, each its own process) on a free block of loopback ports with a private state folder, so it runs
/// beside a developer's cluster and the test suite's.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly string _repository = SiloBuild.FindRepositoryRoot();
    private readonly Dictionary<string, string> _environment;
    private readonly string _state = Directory.CreateTempSubdirectory("cereon-bench-cluster-").FullName;
    private bool _up;

    private LocalCluster()
    {
        var basePort = FreePort.Block(50, 20_000, 32_000) ?? throw new BenchFailure("no free block of 50 loopback ports for the cluster");
        _environment = new Dictionary<string, string>
        {
            ["CEREON_STATE_DIR"] = _state,
            ["CEREON_GATEWAY_PORT_BASE"] = Invariant(basePort),
            ["CEREON_SILO_HTTP_PORT_BASE"] = Invariant(basePort + 10),
            ["CEREON_SILO_PORT_BASE"] = Invariant(basePort + 20),
            ["CEREON_SILO_GATEWAY_PORT_BASE"] = Invariant(basePort + 30),
            ["CEREON_REDIS_PORT"] = Invariant(basePort + 41),
            ["CEREON_PG_PORT"] = Invariant(basePort + 42),
            ["CEREON_STOP_TIMEOUT"] = "20",
        };
        Gateways = [new Uri($"http://127.0.0.1:{Invariant(basePort + 1)}"), new Uri($"http://127.0.0.1:{Invariant(basePort + 2)}")];
    }

    public IReadOnlyList<Uri> Gateways { get; }

    /// <summary>The cluster's PostgreSQL on loopback, as <c>scripts/services.sh</c> sets it up (the postgres user, trusted).</summary>
    public int PostgresPort => int.Parse(_environment["CEREON_PG_PORT"], CultureInfo.InvariantCulture);

    /// <summary>The environment that points <c>scripts/cluster.sh</c> at this cluster, for the report's commands.</summary>
    public string EnvironmentText => string.Join(' ', _environment.Where(e => e.Key != "CEREON_STATE_DIR").Select(e => $"{e.Key}={e.Value}"));

    public static async Task<LocalCluster> UpAsync(CancellationToken cancellationToken)
    {
        var cluster = new LocalCluster();
        try
        {
            await cluster.RunAsync(TimeSpan.FromMinutes(5), cancellationToken, "up");
            cluster._up = true;
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public Task KillAsync(string role, int n, CancellationToken cancellationToken) =>
        RunAsync(TimeSpan.FromSeconds(30), cancellationToken, "kill", role, Invariant(n));

    public Task RestartAsync(string role, int n, CancellationToken cancellationToken) =>
        RunAsync(TimeSpan.FromMinutes(2), cancellationToken, "restart", role, Invariant(n));

    /// <summary>The pid of a running silo or gateway, from <c>cluster.sh status</c> (<c>role pid url state</c>).</summary>
    public async Task<int> PidAsync(string role, int n, CancellationToken cancellationToken)
    {
        var status = await RunAsync(TimeSpan.FromSeconds(60), ["status"], allowFailure: true, cancellationToken);
        var line = status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .Where(f => f.Length == 4 && f[0] == role).ElementAtOrDefault(n - 1);
        return line is not null && int.TryParse(line[1], CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new BenchFailure($"cluster.sh status shows no running {role} {n}:{Environment.NewLine}{status}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_up)
            {
                await RunAsync(TimeSpan.FromMinutes(2), CancellationToken.None, "down");
            }
        }
        finally
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    private Task<string> RunAsync(TimeSpan timeout, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(timeout, args, allowFailure: false, cancellationToken);

    private async Task<string> RunAsync(TimeSpan timeout, string[] args, bool allowFailure, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(_repository, "scripts", "cluster.sh"))
        {
            WorkingDirectory = _repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new BenchFailure("could not start scripts/cluster.sh");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new BenchFailure($"scripts/cluster.sh {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s");
        }

        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new BenchFailure($"scripts/cluster.sh {string.Join(' ', args)} exited {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }

        return await output;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
