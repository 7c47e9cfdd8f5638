using Cereon.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Cereon.Tests.Infrastructure;

/// <summary>A silo host with the demo cards, configured from in-memory settings, for tests of what it registers.</summary>
public static class SiloHosts
{
    public static WebApplicationBuilder Builder(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCereonSilo(cards => cards.AddDemoCards());
        return builder;
    }

    public static WebApplication Build(IEnumerable<KeyValuePair<string, string?>> settings) => Builder(settings).Build();
}
