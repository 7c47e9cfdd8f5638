using System.Net;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cereon.Bench.Ceiling;

/// <summary>
/// Hidden subcommand: the bare ceiling server. Plain Kestrel and one broadcast loop, the least a hand-written server
/// needs to speak the same WebSocket protocol, so the fan-out scenario can show what the framework costs.
/// </summary>
internal sealed class CeilingServerCommand : IBenchCommand
{
    public const string CommandName = "ceiling-server";
    public const string HealthPath = "/health";
    public const string SocketPath = "/ws";

    public string Name => CommandName;

    public string? Usage => null;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var (port, parentPid) = SelfProcess.HelperOptions(args);
        var interval = TimeSpan.FromMilliseconds(args.Int("interval-ms", 100, 1, 3_600_000));
        args.RejectUnknown();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new CeilingBroadcaster(interval, TimeProvider.System));
        builder.Services.AddHostedService(services => services.GetRequiredService<CeilingBroadcaster>());

        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapGet(HealthPath, Healthy);
        app.Map(SocketPath, CeilingConnection.ServeAsync);

        await SelfProcess.ServeWhileParentLivesAsync(app, parentPid, cancellationToken);
        return 0;
    }

    private static IResult Healthy() => Results.Ok();
}
