using Cereon.Grains.Interfaces.Cards;
using Microsoft.OpenApi;

namespace Cereon.Gateway.OpenApi;

/// <summary><c>POST {route}/publish</c> of a live card (protocol.md §8).</summary>
internal static class PublishOperation
{
    public static OpenApiPathItem PathFor(CardDescriptor card, OpenApiDocument document)
    {
        var operation = CardOperations.Operation(card, "publish", document, $"Publish into {card.CardId}",
            "Stores a record in the card's stream and answers once it is stored (protocol.md §8). Admin only.");
        operation.Security = [OpenApiParts.Bearer(document)];
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = OpenApiParts.Json(new OpenApiSchema
            {
                Description = "The flattened record itself, or {\"record\", \"topic\", \"params\"} for another stream.",
                OneOf =
                [
                    RecordSchemas.For(card.Kind, document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "record" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["record"] = RecordSchemas.For(card.Kind, document),
                            ["topic"] = RecordSchemas.Of(JsonSchemaType.String),
                            ["params"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                        },
                    },
                ],
            }),
        };
        operation.Responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse
            {
                Description = "Stored: its place in the stream.",
                Content = OpenApiParts.Json(new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["seq"] = RecordSchemas.Of(JsonSchemaType.Integer),
                        ["id"] = RecordSchemas.Of(JsonSchemaType.String),
                        ["epoch"] = RecordSchemas.Of(JsonSchemaType.String),
                    },
                }),
            },
            ["400"] = OpenApiParts.Error("Not a JSON object, an invalid record, an unknown topic, or a card whose streams are per caller", document),
            ["401"] = OpenApiParts.Error("Needs a token with the admin role", document),
            ["403"] = OpenApiParts.Error("The token lacks the admin role", document),
            ["413"] = OpenApiParts.Error("The record is over Cereon:Gateway:MaxParamsBytes", document),
            ["415"] = OpenApiParts.Error("The body is not sent as JSON (Content-Type application/json or another +json type)", document),
            ["503"] = OpenApiParts.Error("Not stored; retry (Retry-After)", document),
        };
        var path = new OpenApiPathItem();
        path.AddOperation(HttpMethod.Post, operation);
        return path;
    }
}
