using Cereon.Hosting;
using Cereon.Hosting.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Security;

/// <summary>The gateway's security: the host's (<see cref="HostSecurityExtensions"/>) and what is for cards.</summary>
internal static class SecurityHostingExtensions
{
    /// <summary>
    /// Adds the host's security, then card authorization, tokens on card socket upgrades and rate limits per client.
    /// </summary>
    public static WebApplicationBuilder AddCereonSecurity(this WebApplicationBuilder builder)
    {
        builder.AddCereonHostSecurity();
        var services = builder.Services;
        var limits = ValidatedSettings.Read(builder.Configuration, RateLimitOptions.SectionName, new RateLimitOptionsValidator());
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, SocketTokens.ReadOnUpgrades);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, CardAuthorizationResultHandler>();
        services.AddSingleton<CardAuthorization>();
        services.AddHostedService<RateLimitStartupReport>();
        if (limits.AppliesIn(DeploymentMode.From(builder.Configuration)))
        {
            services.AddRateLimiter(limiter => ClientRateLimits.Configure(limiter, limits));
        }

        return builder;
    }

    /// <summary>The host's security middleware, with rate limits (where they apply) before authentication.</summary>
    public static IApplicationBuilder UseCereonSecurity(this IApplicationBuilder app)
    {
        var services = app.ApplicationServices;
        var limited = services.GetRequiredService<IOptions<RateLimitOptions>>().Value.AppliesIn(services.GetRequiredService<DeploymentMode>());
        return app.UseCereonHostSecurity(limited ? limits => limits.UseRateLimiter() : null);
    }
}
