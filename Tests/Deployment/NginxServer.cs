using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cereon.Bench.Processes;

namespace Cereon.Tests.Deployment;

/// <summary>Debian's nginx, run by the test on a loopback port with the shipped site configuration (<see cref="NginxConfig"/>).</summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Everything nginx logged, for a failing test's output.</summary>
    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public static async Task<NginxServer> StartAsync(IReadOnlyList<Uri> gateways)
    {
        var directory = Directory.CreateTempSubdirectory("cereon-nginx-").FullName;
        var port = FreePort.Next();
        var config = NginxConfig.Write(directory, gateways, port);
        var start = new ProcessStartInfo(NginxConfig.Executable())
        {
            ArgumentList = { "-c", config, "-e", Path.Combine(directory, "error.log") },
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var server = new NginxServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await server.AcceptsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = server.ErrorLog + await process.StandardError.ReadToEndAsync();
                await server.DisposeAsync();
                throw new InvalidOperationException($"nginx did not listen on {server.Address}: {log}");
            }

            await Task.Delay(100);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Address.Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
