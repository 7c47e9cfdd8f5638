using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Cards;

/// <summary>Builds a handler's <see cref="CardContext"/> from what crossed the wire.</summary>
internal static class CardContextFactory
{
    public static CardContext Create(
        Card card, CardRequest request, IServiceProvider services, CancellationToken cancellationToken, string? topic = null)
    {
        var parameters = JsonNode.Parse(request.ParamsJson) as JsonObject ?? [];
        return new CardContext
        {
            Card = card.Descriptor,
            Params = parameters,
            Filters = ActiveFilters(parameters),
            User = ToPrincipal(request.Caller),
            Method = request.Method,
            Topic = topic,
            Services = services,
            CancellationToken = cancellationToken,
        };
    }

    private static JsonObject ActiveFilters(JsonObject parameters)
    {
        var active = new JsonObject();
        if (parameters["filters"] is not JsonObject filters)
        {
            return active;
        }

        foreach (var (name, value) in filters)
        {
            var unset = value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);
            if (!unset)
            {
                active[name] = value!.DeepClone();
            }
        }

        return active;
    }

    // The gateway writes the subject and roles under the JWT names, so User.Identity.Name and IsInRole work here.
    private static ClaimsPrincipal ToPrincipal(CardCaller caller) =>
        new(new ClaimsIdentity(
            caller.Claims.Select(c => new Claim(c.Type, c.Value)), caller.AuthenticationType, CallerScope.SubjectClaim, CallerScope.RoleClaim));
}
