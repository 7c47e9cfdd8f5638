using System.Globalization;
using System.Text.Json.Nodes;
using Cereon.Gateway.Catalog;
using Cereon.Gateway.Hosting;
using Cereon.Gateway.Live;
using Cereon.Grains.Interfaces.Cards;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Cereon.Gateway.OpenApi;

/// <summary>
/// Puts every card of the cluster catalog into the OpenAPI document. Cards are endpoints of our own data source with
/// plain request delegates, which ApiExplorer cannot describe, so they are described here from the catalog the
/// endpoints are built from; the document is generated per request, so a catalog change shows in the next one.
/// </summary>
internal sealed class CardCatalogDocumentTransformer(CardCatalogCache catalog, IOptions<GatewayOptions> options) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var cards = current?.Cards.OrderBy(card => card.Route, StringComparer.Ordinal).ToList() ?? [];
        document.Info = new OpenApiInfo
        {
            Title = "Cereon cards",
            Version = OpenApiHostingExtensions.DocumentName,
            Description = "Every card of the cluster's catalog, generated from it. The wire contract is docs/protocol.md.",
        };
        document.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        document.Extensions["x-cereon-catalog-version"] = new JsonNodeExtension(
            JsonValue.Create((current?.Version ?? 0).ToString(CultureInfo.InvariantCulture)));

        RecordSchemas.AddTo(document);
        document.AddComponent(OpenApiParts.BearerScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT; WebSocket upgrades may carry it as access_token instead (protocol.md §7).",
        });

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var report in cards.Select(card => card.ReportId).Distinct(StringComparer.Ordinal))
        {
            document.Tags.Add(new OpenApiTag { Name = report, Description = $"The cards of report {report}." });
        }

        document.Paths ??= [];
        document.Paths["/api/reports"] = CatalogOperation.Path(document);
        foreach (var card in cards)
        {
            document.Paths[card.Route] = CardOperations.PathFor(card, document);
            if (card.Transport == CardTransports.WebSocket && options.Value.EnablePublish)
            {
                document.Paths[card.Route + PublishEndpoint.Suffix] = PublishOperation.PathFor(card, document);
            }
        }

        return Task.CompletedTask;
    }
}
