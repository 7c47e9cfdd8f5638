using Cereon.Gateway.Hosting;

return await CereonHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCereonLogging();
    builder.AddCereonClusterClient();
    builder.AddCereonGateway();

    var app = builder.Build();
    app.MapCereonGateway();
    return app;
});
