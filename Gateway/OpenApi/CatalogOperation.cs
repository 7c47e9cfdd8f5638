using Microsoft.OpenApi;

namespace Cereon.Gateway.OpenApi;

/// <summary>The catalog's own operation, which front ends read to find the cards.</summary>
internal static class CatalogOperation
{
    private static readonly string[] CardFields = ["cardId", "title", "kind", "transport", "route", "url", "format"];

    /// <summary><c>GET /api/reports</c> (protocol.md §1): the cards the caller may use, by report.</summary>
    public static OpenApiPathItem Path(OpenApiDocument document)
    {
        var card = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = CardFields.ToDictionary(name => name, IOpenApiSchema (_) => RecordSchemas.Of(JsonSchemaType.String | JsonSchemaType.Null)),
        };
        card.Properties["methods"] = RecordSchemas.ArrayOf(RecordSchemas.Of(JsonSchemaType.String));
        var report = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["reportId"] = RecordSchemas.Of(JsonSchemaType.String),
                ["cards"] = RecordSchemas.ArrayOf(card),
            },
        };
        var path = new OpenApiPathItem();
        path.AddOperation(HttpMethod.Get, new OpenApiOperation
        {
            OperationId = "catalog.reports",
            Summary = "The catalog",
            Description = "The reports and cards this caller may use, with each card's transport and absolute URL.",
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "The catalog.",
                    Content = OpenApiParts.Json(new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["reports"] = RecordSchemas.ArrayOf(report) },
                    }),
                },
                ["503"] = OpenApiParts.Error("The gateway has not read the cluster's catalog yet", document),
            },
        });
        return path;
    }
}
