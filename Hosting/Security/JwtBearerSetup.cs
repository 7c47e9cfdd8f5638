using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cereon.Hosting.Security;

/// <summary>
/// Turns <see cref="AuthOptions"/> into the JWT bearer handler's settings. Tokens come from the Authorization header;
/// the gateway also reads them from WebSocket upgrades of its cards.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<AuthOptions> auth) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var settings = auth.Value;

        // Claims keep their JWT names (sub, role), which is how they reach card handlers.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = settings.Issuer is { Length: > 0 } || settings.Authority is { Length: > 0 },
            ValidIssuer = settings.Issuer,
            ValidateAudience = settings.Audience is { Length: > 0 },
            ValidAudience = settings.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = settings.ClockSkew,
            NameClaimType = "sub",
            RoleClaimType = settings.RoleClaimType,
        };

        if (settings.JwtSigningKey is { Length: > 0 } key)
        {
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));

            // Only the algorithm the key is for: no token may pick a weaker one (or "none") for itself.
            options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            options.Authority = settings.Authority;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        }
    }
}
