namespace Cereon.Grains.Interfaces.Cards;

/// <summary>Who may use a card, and whether its results depend on who asks; enforced by every gateway.</summary>
[GenerateSerializer, Immutable, Alias("cereon.card-descriptor.access")]
public sealed record AccessDescriptor
{
    /// <summary>Who may use the card (<see cref="CardAccess"/>); default public.</summary>
    [Id(0)] public string Level { get; init; } = CardAccess.Public;

    /// <summary>Roles of which the caller needs at least one; empty means no role is needed.</summary>
    [Id(1)] public EquatableList<string> Roles { get; init; } = [];

    /// <summary>Claims the caller needs, every one of them, as <c>type=value</c>.</summary>
    [Id(2)] public EquatableList<string> RequiredClaims { get; init; } = [];

    /// <summary>Whether results depend on who asks: cached and streamed per caller (by subject).</summary>
    [Id(3)] public bool VaryByCaller { get; init; }

    /// <summary>Claim types results depend on: cached and streamed per value of these claims.</summary>
    [Id(4)] public EquatableList<string> VaryByClaims { get; init; } = [];

    /// <summary>Whether the card is for signed-in callers only.</summary>
    public bool RequiresSignIn => Level == CardAccess.SignedIn || Roles.Count > 0 || RequiredClaims.Count > 0;

    /// <summary>Whether results depend on who asks (<see cref="VaryByCaller"/> or <see cref="VaryByClaims"/>).</summary>
    public bool DependsOnCaller => VaryByCaller || VaryByClaims.Count > 0;

    /// <summary>
    /// Whether every caller gets the same answer, signed in or not: what a shared cache (a CDN, the gateway's response
    /// cache) may keep, and what needs no authentication.
    /// </summary>
    public bool SameForEveryone => !RequiresSignIn && !DependsOnCaller;
}
