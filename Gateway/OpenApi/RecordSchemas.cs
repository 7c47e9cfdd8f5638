using Cereon.Grains.Interfaces.Cards;
using Microsoft.OpenApi;

namespace Cereon.Gateway.OpenApi;

/// <summary>
/// The flattened record shapes of protocol.md §3 and the error body of §1, as schema components that card operations
/// refer to, so a record shape is written once however many cards have it.
/// </summary>
internal static class RecordSchemas
{
    public const string Error = "ErrorBody";

    private const string Chart = "ChartRecord";

    public static void AddTo(OpenApiDocument document)
    {
        document.AddComponent(Chart, Record("A chart record (any chart kind): its points in `data`.", ["data"], new()
        {
            ["data"] = ArrayOf(new OpenApiSchema { Type = JsonSchemaType.Object }),
        }));
        document.AddComponent(NameOf(CardKinds.Table), Record("A table record.", ["rows", "columns"], new()
        {
            ["rows"] = ArrayOf(new OpenApiSchema { Type = JsonSchemaType.Object }),
            ["columns"] = ArrayOf(Of(JsonSchemaType.String)),
            ["totalCount"] = Of(JsonSchemaType.Integer | JsonSchemaType.Null),
        }));
        document.AddComponent(NameOf(CardKinds.Number), Record("A number record; its meta may add `unit` and `format`.", ["value"], new()
        {
            ["value"] = Of(JsonSchemaType.Number),
            ["previousValue"] = Of(JsonSchemaType.Number | JsonSchemaType.Null),
            // A JSON null among the members: optional fields may be present as null (protocol.md §3).
            ["trend"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Enum = ["up", "down", "neutral", null!] },
            ["trendPercentage"] = Of(JsonSchemaType.Number | JsonSchemaType.Null),
            ["label"] = Of(JsonSchemaType.String | JsonSchemaType.Null),
        }));
        document.AddComponent(NameOf(CardKinds.Markdown), Record("A Markdown record.", [], Texts("content", "rawMarkdown", "styles")));
        document.AddComponent(NameOf(CardKinds.Html), Record("An HTML record.", [], Texts("content", "rawHtml", "styles")));
        document.AddComponent(NameOf(CardKinds.Iframe), Record("An iframe record.", ["url"], new()
        {
            ["url"] = Of(JsonSchemaType.String),
            ["title"] = Of(JsonSchemaType.String | JsonSchemaType.Null),
            ["width"] = Of(JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Null),
            ["height"] = Of(JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Null),
        }));
        document.AddComponent(Error, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Every error the gateway answers (protocol.md §1).",
            Required = new HashSet<string> { "error", "traceId" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["error"] = Of(JsonSchemaType.String),
                ["cardId"] = Of(JsonSchemaType.String),
                ["traceId"] = Of(JsonSchemaType.String),
            },
        });
    }

    /// <summary>The schema component of a card of <paramref name="kind"/>'s records.</summary>
    public static OpenApiSchemaReference For(string kind, OpenApiDocument document) =>
        new(CardKinds.IsChart(kind) ? Chart : NameOf(kind), document);

    public static OpenApiSchema ArrayOf(IOpenApiSchema items) => new() { Type = JsonSchemaType.Array, Items = items };

    public static OpenApiSchema Of(JsonSchemaType type) => new() { Type = type };

    private static string NameOf(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..] + "Record";

    private static Dictionary<string, IOpenApiSchema> Texts(params string[] names) =>
        names.ToDictionary(name => name, IOpenApiSchema (_) => Of(JsonSchemaType.String | JsonSchemaType.Null));

    /// <summary>A flattened record: the common keys, then the data fields at the top level.</summary>
    private static OpenApiSchema Record(string description, string[] required, Dictionary<string, IOpenApiSchema> fields)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["kind"] = Of(JsonSchemaType.String),
            ["cardId"] = Of(JsonSchemaType.String),
            ["reportId"] = Of(JsonSchemaType.String),
            ["meta"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "The metadata object as a JSON-encoded string (startedAt, finishedAt, elapsedMs, stale, ...).",
            },
        };
        foreach (var (name, schema) in fields)
        {
            properties[name] = schema;
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = description,
            Required = new HashSet<string>(["kind", "cardId", "reportId", .. required]),
            Properties = properties,
        };
    }
}
