using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Ceiling;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>
/// Starts the bare ceiling server: this same executable, re-invoked with the hidden <c>ceiling-server</c> command, so
/// it is a process of its own whose RSS is measured exactly like the silo's.
/// </summary>
internal static class CeilingServer
{
    public const string Name = "bare ceiling";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public static async Task<ServerUnderTest> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The bench cannot find its own executable");
        var start = new ProcessStartInfo(host);

        // Under `dotnet Cereon.Bench.dll` the process is the dotnet host, which needs the dll; under `dotnet run`
        // it is the bench's own apphost.
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(CeilingServer).Assembly.Location);
        }

        foreach (var arg in new[] { CeilingServerCommand.CommandName, "--port", Invariant(port), "--parent-pid", Invariant(Environment.ProcessId) })
        {
            start.ArgumentList.Add(arg);
        }

        var process = ChildProcess.Start("the bare ceiling server", start);
        var baseUrl = "http://127.0.0.1:" + Invariant(port);
        try
        {
            await Readiness.WaitAsync(process, new Uri(baseUrl + CeilingServerCommand.HealthPath), StartTimeout, cancellationToken);
        }
        catch
        {
            // Whatever stopped the start, the half-started server must not outlive it.
            await process.DisposeAsync();
            throw;
        }

        return new ServerUnderTest(Name, process, new Uri("ws://127.0.0.1:" + Invariant(port) + CeilingServerCommand.SocketPath));
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
