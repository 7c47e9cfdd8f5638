using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;
using Cereon.Bench.Processes;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 server from Debian's packages (<c>apt-get install -y postgresql</c>), in a fresh temp
/// folder, on 127.0.0.1 and a free port, trusting every loopback connection and with fsync off: fast and disposable,
/// never a place for data that matters.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string OsUser = "postgres";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string root;
    private readonly string dataDirectory;
    private readonly string logFile;

    private PostgresServer(string root, int port)
    {
        this.root = root;
        Port = port;
        dataDirectory = Path.Combine(root, "data");
        logFile = Path.Combine(root, "postgres.log");
    }

    public int Port { get; }

    public bool IsRunning { get; private set; }

    /// <summary>Creates a new cluster with <c>initdb</c> and starts it; fails naming any missing binary.</summary>
    public static async Task<PostgresServer> StartNewAsync()
    {
        foreach (var tool in new[] { "initdb", "pg_ctl", "postgres" })
        {
            var path = Path.Combine(BinDirectory, tool);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL tests need {path}, which is missing: install PostgreSQL 15 with `apt-get install -y postgresql` (scripts/test.sh does on CI).");
            }
        }

        var root = Directory.CreateTempSubdirectory("cereon-pg-").FullName;
        var server = new PostgresServer(root, FreePort.Next());
        try
        {
            if (RunningAsRoot)
            {
                // initdb refuses to run as root, so the server runs as the postgres user the Debian package creates,
                // and that user must own the folder it writes the cluster into.
                await RunAsync("chown", [$"{OsUser}:", root]);
            }

            await server.PostgresToolAsync("initdb", "-D", server.dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
            // Appended last, so these win over initdb's defaults. Only loopback TCP and a socket inside our folder, so
            // no other server's socket (or port) is touched; no fsync, because nothing here outlives the run
            // (commits still reach the OS before they return, so a killed server recovers them).
            await File.AppendAllTextAsync(Path.Combine(server.dataDirectory, "postgresql.conf"), $"""

                port = {server.Port}
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '{root}'
                fsync = off
                full_page_writes = off
                max_connections = 200

                """);
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connection string for <paramref name="database"/> on this server as the <c>postgres</c> superuser.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Timeout = 15,
            CommandTimeout = 30,
        }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain lower-case database name.", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        // Identifiers cannot be bound as parameters; the name was checked above.
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Starts the server on its data folder (after <see cref="StopAsync"/> or <see cref="KillAsync"/>) and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        // -w waits until the server accepts connections (pg_ctl pings it), bounded by -t.
        await PostgresToolAsync("pg_ctl", "start", "-D", dataDirectory, "-l", logFile, "-w", "-t", $"{Patience.TotalSeconds:0}");
        IsRunning = true;
    }

    /// <summary>Stops the server cleanly (<c>pg_ctl stop -m fast</c>), keeping its data folder.</summary>
    public Task StopAsync() => StopWithModeAsync("fast");

    /// <summary>Stops the server as a crash would (<c>-m immediate</c>: no checkpoint, recovery at the next start).</summary>
    public Task KillAsync() => StopWithModeAsync("immediate");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private async Task StopWithModeAsync(string mode)
    {
        if (!IsRunning)
        {
            return;
        }

        await PostgresToolAsync("pg_ctl", "stop", "-D", dataDirectory, "-m", mode, "-w", "-t", $"{Patience.TotalSeconds:0}");
        IsRunning = false;
        // Pooled connections to the stopped server are dead; a later start should not hand them out.
        NpgsqlConnection.ClearAllPools();
    }

    private async Task PostgresToolAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        try
        {
            await (RunningAsRoot
                ? RunAsync("runuser", ["-u", OsUser, "--", path, .. arguments], root)
                : RunAsync(path, arguments, root));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException && File.Exists(logFile))
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server log:{Environment.NewLine}{await File.ReadAllTextAsync(logFile)}", ex);
        }
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        // The postgres user may not be allowed into the test's own working directory.
        var result = await Commands.RunAsync(fileName, arguments, workingDirectory ?? Path.GetTempPath(), Patience + TimeSpan.FromSeconds(15));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {result.ExitCode}:{Environment.NewLine}{result.Output}{result.Errors}");
        }
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
