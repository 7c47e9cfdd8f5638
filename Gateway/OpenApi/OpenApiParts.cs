using Microsoft.OpenApi;

namespace Cereon.Gateway.OpenApi;

/// <summary>The pieces every operation of the document is made of.</summary>
internal static class OpenApiParts
{
    public const string BearerScheme = "bearer";

    public static OpenApiSecurityRequirement Bearer(OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] };

    public static OpenApiParameter Query(string name, IOpenApiSchema schema, string description) =>
        new() { Name = name, In = ParameterLocation.Query, Schema = schema, Description = description };

    public static OpenApiResponse Error(string description, OpenApiDocument document) => new()
    {
        Description = description,
        Content = Json(new OpenApiSchemaReference(RecordSchemas.Error, document)),
    };

    public static Dictionary<string, OpenApiMediaType> Json(IOpenApiSchema schema) =>
        new() { ["application/json"] = new() { Schema = schema } };
}
