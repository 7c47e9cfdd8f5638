using Cereon.Hosting;
using Cereon.Silo.Hosting;
using Cereon.Silo.Storage;

if (args is ["migrate", ..])
{
    return await MigrateCommand.RunAsync(args[1..]);
}

// By default one process is a silo and a gateway with no external services; see Cereon:Silo, Cereon:Cluster and
// Cereon:Storage for the production shape.
return await CereonHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCereonLogging();
    builder.AddCereonTelemetry();
    builder.AddCereonHealthChecks();
    builder.AddCereonSilo(cards => cards.AddDemoCards());

    var app = builder.Build();
    app.UseCereonRequestLogging();
    app.MapCereonMetrics();
    app.MapCereonHealth();
    app.MapCereonSilo();
    return app;
});
