using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cereon.Hosting.Security;

public static class HostSecurityExtensions
{
    // The keys UseAuthentication and UseAuthorization set in IApplicationBuilder.Properties; ASP.NET Core keeps them
    // internal.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    /// <summary>
    /// Adds what guards any host's HTTP port, whether or not it serves cards: authentication (JWT bearer, when
    /// <c>Cereon:Auth</c> configures it), authorization, the admin check (<see cref="AdminAccess"/>), trusted proxies,
    /// no Server header and the startup report. Called once per host: by the gateway's security, or by a silo that
    /// hosts no gateway (for the dashboard).
    /// </summary>
    public static WebApplicationBuilder AddCereonHostSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var mode = DeploymentMode.From(builder.Configuration);
        var auth = ValidatedSettings.Read(builder.Configuration, AuthOptions.SectionName, new AuthOptionsValidator(mode));
        services.AddSingleton(mode);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>());

        if (auth.Enabled)
        {
            services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        }
        else
        {
            // No scheme: every caller is anonymous, and endpoints that need one answer 401.
            services.AddAuthentication();
        }

        // No Server header: it tells a scanner which server to look up vulnerabilities for, and a client nothing.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        services.AddAuthorization();
        services.AddSingleton<AdminAccess>();
        services.AddHostedService<SecurityStartupReport>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, proxies) =>
            TrustedProxies.Configure(forwarded, proxies.Value));
        return builder;
    }

    /// <summary>
    /// The host's security middleware, in order: client address from trusted proxies, security headers, then
    /// <paramref name="admission"/> (what turns requests away before anyone is authenticated: the gateway's rate
    /// limits), authentication and authorization, then (in production) admin access to <see cref="OperationalPaths"/>.
    /// Endpoints check card and admin access themselves.
    /// </summary>
    public static IApplicationBuilder UseCereonHostSecurity(this IApplicationBuilder app, Action<IApplicationBuilder>? admission = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;

        // The middleware believes every sender when it knows no proxy at all, so without one it is left out.
        if (services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.NamesAny)
        {
            app.UseForwardedHeaders();
        }

        app.UseSecurityHeaders();
        admission?.Invoke(app);

        // An endpoint that answers the same to anyone (a public card that does not vary by caller) skips both (a
        // cached read's request scope, handler lookup and policy evaluation: BENCHMARKS.md, "Session 4"). The two
        // marks tell WebApplication that they are placed, which it cannot see through a branch, so it adds no second
        // pair.
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        app.Properties[AuthorizationMiddlewareSetKey] = true;
        app.UseWhen(CallerIndependent.IsCallerNeededBy, callers => callers.UseAuthentication().UseAuthorization());

        // Metrics name every card (protected ones too) and detailed health shows internal addresses: in production
        // they are admin surfaces. The probes (/health, /health/ready) stay open for the orchestrator.
        if (services.GetRequiredService<DeploymentMode>().IsProduction)
        {
            app.UseAdminOnly(OperationalPaths.Metrics);
            app.UseAdminOnly(OperationalPaths.DetailedHealth);
        }

        return app;
    }

    /// <summary>
    /// Admits requests under <paramref name="path"/> (the Orleans Dashboard, and in production the operational
    /// endpoints) only as <see cref="AdminAccess"/> says.
    /// </summary>
    public static IApplicationBuilder UseAdminOnly(this IApplicationBuilder app, PathString path)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseWhen(http => http.Request.Path.StartsWithSegments(path), branch => branch.Use(AdmitAdminAsync));
    }

    private static async Task AdmitAdminAsync(HttpContext http, RequestDelegate next)
    {
        if (await http.RequestServices.GetRequiredService<AdminAccess>().AuthorizeAsync(http))
        {
            await next(http);
        }
    }
}
