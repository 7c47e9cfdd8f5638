namespace Cereon.Hosting.Security;

/// <summary>How callers prove who they are (JWT bearer tokens). Section <c>Cereon:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Cereon:Auth";

    /// <summary>
    /// Shared HS256 secret (its UTF-8 bytes, at least 32) that tokens are signed with; default none. A secret: give it
    /// through the environment (<c>Cereon__Auth__JwtSigningKey</c>) or a secret store, never in a committed file.
    /// </summary>
    public string? JwtSigningKey { get; set; }

    /// <summary>The token issuer (<c>iss</c>) to require; default none (not checked).</summary>
    public string? Issuer { get; set; }

    /// <summary>The token audience (<c>aud</c>) to require; default none (not checked).</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// An OpenID Connect authority whose discovery document and JWKS give the signing keys (instead of a shared
    /// secret); default none. Its issuer is then required.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must be fetched over HTTPS; default true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim that carries roles in tokens; default <c>role</c>.</summary>
    public string RoleClaimType { get; set; } = "role";

    /// <summary>The role the Orleans Dashboard and the publish endpoint require; default <c>admin</c>.</summary>
    public string AdminRole { get; set; } = "admin";

    /// <summary>
    /// A local port on which alone the Orleans Dashboard and the publish endpoint are served, instead of requiring
    /// <see cref="AdminRole"/>; default none. The port must also be listened on (list it in <c>Urls</c>), and should
    /// be reachable only from the internal network.
    /// </summary>
    public int? AdminPort { get; set; }

    /// <summary>Leeway for clocks that disagree when checking expiry; default 30 s.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs without authentication even in production mode; default false. Then protected cards answer 401 and the
    /// admin endpoints are open (unless <see cref="AdminPort"/> is set): only behind something that authenticates.
    /// </summary>
    public bool Disabled { get; set; }

    /// <summary>Whether tokens are checked at all: a key or an authority is configured and auth is not disabled.</summary>
    public bool Enabled => !Disabled && (!string.IsNullOrEmpty(JwtSigningKey) || !string.IsNullOrEmpty(Authority));
}
