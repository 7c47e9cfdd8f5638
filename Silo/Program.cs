using Cereon.Gateway.Hosting;
using Cereon.Silo.Hosting;

// The embedded default: one process is a silo and a gateway, with no external services.
return await CereonHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCereonLogging();
    builder.AddCereonSilo(cards => cards.AddDemoCards());
    builder.AddCereonGateway();

    var app = builder.Build();
    app.MapCereonSilo();
    app.MapCereonGateway();
    return app;
});
