using Cereon.Gateway.Security;
using Cereon.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Cereon.Tests.Hosting;

/// <summary>What a silo host registers, with and without the co-hosted gateway.</summary>
public sealed class SiloHostRegistrationTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Security_IsRegisteredOnce_WithOrWithoutTheGateway(string hostGateway)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Cereon:Silo:HostGateway"] = hostGateway });

        builder.AddCereonSilo(cards => cards.AddDemoCards());

        Assert.Single(builder.Services, d => d.ServiceType == typeof(DeploymentMode));
    }
}
