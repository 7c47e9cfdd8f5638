using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Cereon.Grains.Hosting;

internal sealed class ActivationCollectionValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options) => ValidateOptionsResult.Success;
}
