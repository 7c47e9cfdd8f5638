using Cereon.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cereon.Silo.Memory;

internal static class MemoryReclaimExtensions
{
    /// <summary>Runs <see cref="MemoryReclaimer"/> unless <c>Cereon:Memory:ReclaimAfterActivationsGone</c> is 0.</summary>
    public static ISiloBuilder AddMemoryReclaim(this ISiloBuilder silo, MemoryOptions memory)
    {
        if (memory.ReclaimAfterActivationsGone > 0)
        {
            silo.Services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.SectionName);
            silo.Services.TryAddSingleton(TimeProvider.System);
            silo.Services.AddHostedService<MemoryReclaimer>();
        }

        return silo;
    }
}
