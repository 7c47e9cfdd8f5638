using Cereon.Gateway.Hosting;
using Cereon.Hosting;

return await CereonHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCereonLogging();
    builder.AddCereonTelemetry();
    builder.AddCereonHealthChecks();
    builder.AddCereonClusterClient();
    builder.AddCereonGateway();

    var app = builder.Build();
    app.UseCereonRequestLogging();
    app.MapCereonMetrics();
    app.MapCereonHealth();
    app.MapCereonGateway();
    return app;
});
