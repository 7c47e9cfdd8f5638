using Cereon.Hosting.Security;

namespace Cereon.Gateway.OpenApi;

/// <summary>
/// The OpenAPI document of the card API at <c>/openapi/v1.json</c>, built by ASP.NET Core's OpenAPI support with the
/// catalog's cards added (<see cref="CardCatalogDocumentTransformer"/>), and Swagger UI at <c>/openapi/</c>, served
/// from its package's embedded files.
/// </summary>
internal static class OpenApiHostingExtensions
{
    public const string DocumentName = "v1";

    /// <summary>Where both live; in production an admin surface, since the document names every card, protected ones too.</summary>
    public static readonly PathString Path = "/openapi";

    /// <summary>
    /// Swagger UI's page loads its scripts and style sheets from files. Its React components set style attributes,
    /// which <c>style-src-attr</c> admits, and its bundle adds one fixed style element, admitted by its hash (a
    /// Swagger UI upgrade that changes it shows as a violation in the browser test), so no inline script runs.
    /// </summary>
    public const string PageContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; " +
        "style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// The document is the card API alone: the endpoints ApiExplorer finds (the status page, the Orleans Dashboard's
    /// own routes, health) are operational surfaces (protocol.md §9), so only the transformer's cards go in.
    /// </summary>
    public static IServiceCollection AddCereonOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = _ => false;
            options.AddDocumentTransformer<CardCatalogDocumentTransformer>();
        });

    /// <summary>
    /// Maps the document, and Swagger UI with the page's policy in a branch of its own, so other requests pay one path
    /// test for it and never reach Swagger UI's static files.
    /// </summary>
    public static WebApplication MapCereonOpenApi(this WebApplication app)
    {
        var production = app.Services.GetRequiredService<DeploymentMode>().IsProduction;
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path), branch =>
        {
            if (production)
            {
                branch.UseAdminOnly(Path);
            }

            branch.Use((http, next) =>
            {
                http.Response.Headers.ContentSecurityPolicy = PageContentSecurityPolicy;
                return next(http);
            });
            branch.UseSwaggerUI(ui =>
            {
                ui.RoutePrefix = Path.Value![1..];
                ui.DocumentTitle = "Cereon cards";
                ui.SwaggerEndpoint($"{Path}/{DocumentName}.json", "Cereon cards");
            });
        });
        app.MapOpenApi($"{Path}/{{documentName}}.json");
        return app;
    }
}
