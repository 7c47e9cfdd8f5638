using Cereon.Silo.Memory;
using Cereon.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cereon.Tests.Silo.Memory;

/// <summary>The silo gives back collected activations' memory by default; <c>ReclaimAfterActivationsGone=0</c> turns it off.</summary>
public sealed class MemoryReclaimHostingTests
{
    [Fact]
    public void Reclaimer_RunsByDefault()
    {
        using var app = SiloHosts.Build([]);

        Assert.Contains(app.Services.GetServices<IHostedService>(), service => service is MemoryReclaimer);
    }

    [Fact]
    public void Reclaimer_AtZero_DoesNotRun()
    {
        using var app = SiloHosts.Build(new Dictionary<string, string?> { ["Cereon:Memory:ReclaimAfterActivationsGone"] = "0" });

        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), service => service is MemoryReclaimer);
    }
}
