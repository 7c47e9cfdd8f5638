using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Cereon.Gateway.Parameters;

/// <summary>Reads a raw query string into its <c>params</c> value and every other key as a flat object.</summary>
internal static class ParamsQuery
{
    public const string ParamsKey = "params";

    /// <returns>
    /// The other keys, and the percent-decoded <c>params</c> value (the last one when given several times: the front
    /// end appends its own after any that the card's URL already had).
    /// </returns>
    public static (JsonObject Fields, string? Params) Read(string? queryString)
    {
        var fields = new JsonObject();
        string? parameters = null;
        foreach (var pair in new QueryStringEnumerable(Repair(queryString)))
        {
            var name = pair.DecodeName().ToString();
            if (string.Equals(name, ParamsKey, StringComparison.Ordinal))
            {
                parameters = pair.DecodeValue().ToString();
            }
            else
            {
                FlatForm.Add(fields, name, pair.DecodeValue().ToString());
            }
        }

        return (fields, parameters);
    }

    /// <summary>
    /// The front end appends <c>?params=...</c> even to a URL that already has a query. Parsed as it stands,
    /// <c>?days=30?params=%7B%7D</c> would give <c>days</c> the value <c>30?params={}</c> (or, after a key without
    /// <c>=</c>, a key named <c>flag?params</c>). Encoders always escape <c>?</c> inside a value, so a literal
    /// <c>?params=</c> in the raw query can only be that seam, and it is turned into a separator before parsing.
    /// The escaped form <c>%3Fparams%3D</c> is left alone: it is data, for example a string inside the JSON.
    /// </summary>
    private static string? Repair(string? queryString) =>
        queryString?.Replace("?params=", "&params=", StringComparison.Ordinal);
}
