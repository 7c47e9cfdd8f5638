using Microsoft.Extensions.Options;

namespace Cereon.Silo.Hosting;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (options.Provider is not (StorageProviders.Memory or StorageProviders.Postgres))
        {
            return ValidateOptionsResult.Fail($"Cereon:Storage:Provider '{options.Provider}' is not one of memory, postgres (env Cereon__Storage__Provider).");
        }

        return options.Provider == StorageProviders.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail("Cereon:Storage:ConnectionString is required for postgres storage (env Cereon__Storage__ConnectionString).")
            : ValidateOptionsResult.Success;
    }
}
