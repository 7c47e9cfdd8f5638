namespace Cereon.Hosting.Security;

/// <summary>
/// The deployment guide's security headers on every response. Written when the response starts, so they survive
/// the exception handler's reset of headers; HSTS only over HTTPS (as the guide's nginx does), and also for local
/// host names, which ASP.NET Core's own UseHsts leaves out, since a certificate configured here is a deliberate one.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Two years with subdomains, as in the guide.</summary>
    public const string Hsts = "max-age=63072000; includeSubDomains";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(Write, http);
            return next(http);
        });

    private static Task Write(object state)
    {
        var http = (HttpContext)state;
        var headers = http.Response.Headers;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (http.Request.IsHttps)
        {
            headers.StrictTransportSecurity = Hsts;
        }

        return Task.CompletedTask;
    }
}
