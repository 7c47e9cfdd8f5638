using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// A minimal OpenID Connect issuer on a real Kestrel socket (127.0.0.1, ephemeral port): a discovery document and a
/// JWKS holding the public half of an RSA key made for the test, which <see cref="Credentials"/> signs with.
/// </summary>
public sealed class OpenIdIssuer : IAsyncDisposable
{
    public const string KeyId = "test-rsa-1";

    private readonly WebApplication _app;
    private readonly RSA _rsa;

    private OpenIdIssuer(WebApplication app, RSA rsa, string issuer)
    {
        _app = app;
        _rsa = rsa;
        Issuer = issuer;
        Credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
    }

    /// <summary>The issuer's URL: the authority to configure and the <c>iss</c> of its tokens.</summary>
    public string Issuer { get; }

    /// <summary>Signs RS256 tokens with the private key whose public half the JWKS publishes.</summary>
    public SigningCredentials Credentials { get; }

    public static async Task<OpenIdIssuer> StartAsync()
    {
        var rsa = RSA.Create(2048);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: false)) { KeyId = KeyId });
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = jwk.Kty,
                ["use"] = "sig",
                ["alg"] = SecurityAlgorithms.RsaSha256,
                ["kid"] = jwk.Kid,
                ["n"] = jwk.N,
                ["e"] = jwk.E,
            }),
        }.ToJsonString();
        string? issuer = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(
            new JsonObject { ["issuer"] = issuer, ["jwks_uri"] = $"{issuer}/jwks" }.ToJsonString(), "application/json"));
        app.MapGet("/jwks", () => Results.Text(jwks, "application/json"));

        await app.StartAsync();
        issuer = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        return new OpenIdIssuer(app, rsa, issuer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
