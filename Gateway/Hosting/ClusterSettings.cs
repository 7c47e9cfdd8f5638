using Cereon.Grains.Interfaces.Hosting;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Hosting;

/// <summary>Reads and validates the cluster settings that shape the host before the container is built.</summary>
public static class ClusterSettings
{
    public static CereonClusterOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(CereonClusterOptions.SectionName).Get<CereonClusterOptions>() ?? new();
        var result = new CereonClusterOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(CereonClusterOptions.SectionName, typeof(CereonClusterOptions), result.Failures);
        }

        return options;
    }
}
