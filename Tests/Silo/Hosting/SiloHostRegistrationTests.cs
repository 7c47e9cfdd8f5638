using Cereon.Hosting.Security;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Silo.Hosting;

/// <summary>What a silo host registers, with and without the co-hosted gateway.</summary>
public sealed class SiloHostRegistrationTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Security_IsRegisteredOnce_WithOrWithoutTheGateway(string hostGateway)
    {
        var builder = SiloHosts.Builder(new Dictionary<string, string?> { ["Cereon:Silo:HostGateway"] = hostGateway });

        Assert.Single(builder.Services, d => d.ServiceType == typeof(DeploymentMode));
    }
}
