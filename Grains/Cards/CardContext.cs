using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Cards;

/// <summary>What a handler receives: the request's parameters and filters, the caller, and the silo's services.</summary>
public sealed class CardContext
{
    public required CardDescriptor Card { get; init; }

    /// <summary>The decoded parameters (protocol.md §2). Treat as read-only: the object may be shared.</summary>
    public required JsonObject Params { get; init; }

    /// <summary>
    /// <c>params.filters</c> without the entries whose value is <c>null</c> or <c>""</c>, which mean "no filter".
    /// </summary>
    public required JsonObject Filters { get; init; }

    /// <summary>
    /// The caller, as far as the card declared it depends on it (<see cref="CardAttribute.VaryByCaller"/>,
    /// <see cref="CardAttribute.VaryByClaims"/>); unauthenticated otherwise, since such a result is shared by all.
    /// Name is the <c>sub</c> claim and roles are <c>role</c> claims.
    /// </summary>
    public required ClaimsPrincipal User { get; init; }

    /// <summary>The WebSocket topic, for live cards.</summary>
    public string? Topic { get; init; }

    /// <summary>The HTTP method of the request (GET for WebSocket and for cached replays).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Fires when the result is no longer wanted: timeout, client gone, or last subscriber left.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The silo's services.</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>The active value of a filter as text, or null when the filter is not set.</summary>
    public string? Filter(string name) => Filters[name] is { } value ? AsText(value) : null;

    /// <summary>A parameter as text (numbers and booleans in their JSON spelling), or null when absent.</summary>
    public string? GetString(string name) => Params[name] is { } value ? AsText(value) : null;

    /// <summary>
    /// A whole-number parameter given as a JSON number or as digits in a string (query values are strings);
    /// <paramref name="defaultValue"/> when absent or not a whole number.
    /// </summary>
    public int GetInt32(string name, int defaultValue) =>
        int.TryParse(GetString(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : defaultValue;

    private static string AsText(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
}
