using Cereon.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Cereon.Tests.Infrastructure;

/// <summary>The test cluster's client subscribes to live card streams, and propagates traces into grain calls, as a gateway's client does.</summary>
public sealed class TestClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.AddCereonLiveStreams().AddActivityPropagation();
}
