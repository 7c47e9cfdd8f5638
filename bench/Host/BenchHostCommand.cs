using System.Globalization;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;
using Cereon.Hosting;
using Cereon.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cereon.Bench.Host;

/// <summary>
/// Hidden subcommand: the embedded silo exactly as <c>Silo/Program.cs</c> builds it (silo, gateway, demo cards), plus
/// the bench's cards and one route that reports how often their handlers ran.
/// </summary>
internal sealed class BenchHostCommand : IBenchCommand
{
    public const string CommandName = "bench-host";
    public const string RunsPath = "/bench/runs/";

    public string Name => CommandName;

    public string? Usage => null;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var (port, parentPid) = SelfProcess.HelperOptions(args);
        args.RejectUnknown();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.AddCereonLogging();
        builder.AddCereonHealthChecks();
        builder.AddCereonSilo(cards => cards.AddDemoCards().AddCardsFromAssembly(typeof(BenchHostCommand).Assembly));

        await using var app = builder.Build();
        app.MapCereonHealth();
        app.MapCereonSilo();
        app.MapGet(RunsPath + "{key}", (string key) => Results.Text(HandlerRuns.Of(key).ToString(CultureInfo.InvariantCulture)));

        await SelfProcess.ServeWhileParentLivesAsync(app, parentPid, cancellationToken);
        return 0;
    }
}
