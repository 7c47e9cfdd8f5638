using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Cards;

internal sealed class CardReadOptionsValidator : IValidateOptions<CardReadOptions>
{
    public ValidateOptionsResult Validate(string? name, CardReadOptions options) =>
        options.AttemptTimeout <= TimeSpan.Zero || options.AttemptTimeout >= TimeSpan.FromSeconds(30)
            ? ValidateOptionsResult.Fail("Cereon:Reads:AttemptTimeout must be between 0 and 00:00:30, the grain call timeout (env Cereon__Reads__AttemptTimeout).")
            : ValidateOptionsResult.Success;
}
