using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cereon.Tests.Infrastructure;

/// <summary>Signs JWTs the way an identity provider sharing an HS256 secret with the gateway would.</summary>
public static class TestTokens
{
    public const string Key = "test-signing-key-of-at-least-32-bytes-0123456789";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "cereon-tests";

    /// <summary>Gateway settings that accept tokens from <see cref="For"/>.</summary>
    public static Dictionary<string, string?> GatewaySettings(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(ClusterFixture.GatewaySettings)
        {
            ["Cereon:Auth:JwtSigningKey"] = Key,
            ["Cereon:Auth:Issuer"] = Issuer,
            ["Cereon:Auth:Audience"] = Audience,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static string For(
        string subject,
        string[]? roles = null,
        IDictionary<string, string>? claims = null,
        TimeSpan? lifetime = null,
        string key = Key,
        string issuer = Issuer,
        string audience = Audience) =>
        SignedWith(new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256), subject, issuer, audience, roles, claims, lifetime);

    /// <summary>A token signed with <paramref name="credentials"/>, such as an RSA key an OpenID Connect issuer publishes.</summary>
    public static string SignedWith(
        SigningCredentials credentials,
        string subject,
        string issuer,
        string audience,
        string[]? roles = null,
        IDictionary<string, string>? claims = null,
        TimeSpan? lifetime = null)
    {
        var identity = new ClaimsIdentity([new Claim("sub", subject)]);
        foreach (var role in roles ?? [])
        {
            identity.AddClaim(new Claim("role", role));
        }

        foreach (var (type, value) in claims ?? new Dictionary<string, string>())
        {
            identity.AddClaim(new Claim(type, value));
        }

        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            NotBefore = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = credentials,
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) claiming to be <paramref name="subject"/>.</summary>
    public static string WithoutSignature(string subject)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $"{Part("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{Part($"{{\"sub\":\"{subject}\",\"role\":\"admin\",\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"exp\":{exp}}}")}.";
    }

    public static HttpRequestMessage Get(string pathAndQuery, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(pathAndQuery, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return request;
    }
}
