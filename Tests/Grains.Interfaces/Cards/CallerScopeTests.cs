using Cereon.Grains.Cards;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Tests.Grains.Interfaces.Cards;

/// <summary>What a handler sees of its caller, the partition its results are kept under, and declarations of access.</summary>
public sealed class CallerScopeTests
{
    private static readonly CardDescriptor Shared = Card();
    private static readonly CardDescriptor PerCaller = Card() with { Access = new() { Level = CardAccess.SignedIn, VaryByCaller = true } };
    private static readonly CardDescriptor PerTenant = Card() with { Access = new() { Level = CardAccess.SignedIn, VaryByClaims = ["tenant"] } };

    [Fact]
    public void SharedCard_SeesNobody_AndHasNoPartition()
    {
        var visible = CallerScope.Visible(Shared, Caller("alice", ("tenant", "acme")));

        Assert.Same(CardCaller.Anonymous, visible);
        Assert.Null(CallerScope.Partition(Shared, visible));
    }

    [Fact]
    public void PerCallerCard_IsPartitionedBySubject_NotByToken()
    {
        var first = Caller("alice", ("iat", "1"), ("exp", "100"), ("jti", "a"));
        var renewed = Caller("alice", ("iat", "50"), ("exp", "150"), ("jti", "b"));

        var partition = CallerScope.Partition(PerCaller, CallerScope.Visible(PerCaller, first));

        Assert.Equal(partition, CallerScope.Partition(PerCaller, CallerScope.Visible(PerCaller, renewed)));
        Assert.NotEqual(partition, CallerScope.Partition(PerCaller, CallerScope.Visible(PerCaller, Caller("bob"))));
        Assert.NotEqual(partition, CallerScope.Partition(PerCaller, CardCaller.Anonymous));
    }

    [Fact]
    public void PerClaimCard_SeesOnlyItsClaims_AndCallersWithTheSameValuesShare()
    {
        var ann = CallerScope.Visible(PerTenant, Caller("ann", ("tenant", "acme"), ("email", "ann@acme")));
        var dan = CallerScope.Visible(PerTenant, Caller("dan", ("tenant", "acme")));
        var bob = CallerScope.Visible(PerTenant, Caller("bob", ("tenant", "globex")));

        Assert.Equal([new CardClaim("tenant", "acme")], ann.Claims);
        Assert.Equal(CallerScope.Partition(PerTenant, ann), CallerScope.Partition(PerTenant, dan));
        Assert.NotEqual(CallerScope.Partition(PerTenant, ann), CallerScope.Partition(PerTenant, bob));
    }

    [Fact]
    public void ClaimValues_CannotBeGluedIntoAnotherCallersPartition()
    {
        var card = Card() with { Access = new() { VaryByClaims = ["a", "b"] } };
        var one = Caller("x", ("a", "1\n1:b1:2"));
        var other = Caller("x", ("a", "1"), ("b", "2"));

        Assert.NotEqual(CallerScope.Partition(card, CallerScope.Visible(card, one)), CallerScope.Partition(card, CallerScope.Visible(card, other)));
    }

    [Fact]
    public void PartitionedKeys_KeepTheirRoute_AndNeverCarryTheIdentity()
    {
        var partition = CallerScope.Partition(PerCaller, Caller("alice@example.com"));

        var key = CardGrainKeys.For("/api/cards/whoami", "{}", partition);
        var live = LiveCardKeys.For("/api/cards/whoami_live", null, "{}", partition);

        Assert.Equal("/api/cards/whoami", CardGrainKeys.RouteOf(key));
        Assert.Equal("/api/cards/whoami_live", LiveCardKeys.RouteOf(live));
        Assert.DoesNotContain("alice", key, StringComparison.Ordinal);
        Assert.NotEqual(CardGrainKeys.For("/api/cards/whoami", "{}"), key);
    }

    [Fact]
    public void AccessDeclarations_AreChecked_AtRegistration()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new CardRegistry([new BadAccessCard(), new BadClaimCard()]));

        Assert.Contains("access must be 'public' or 'signed-in'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("required claims must be written 'type=value'", failure.Message, StringComparison.Ordinal);
        Assert.True(new RoleCard().Descriptor.Access.RequiresSignIn);
        Assert.Equal(CardAccess.SignedIn, new RoleCard().Descriptor.Access.Level);
    }

    private static CardDescriptor Card() => new() { ReportId = "r", CardId = "c", Kind = CardKinds.Number, Transport = CardTransports.Http };

    private static CardCaller Caller(string subject, params (string Type, string Value)[] claims) =>
        new("Bearer", [new CardClaim("sub", subject), .. claims.Select(c => new CardClaim(c.Type, c.Value))]);

    [Card("r", "bad_access", CardKinds.Number, Access = "everyone")]
    private sealed class BadAccessCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<Cereon.Grains.Records.CardRecord>> HandleAsync(CardContext context) => new([]);
    }

    [Card("r", "bad_claim", CardKinds.Number, RequiredClaims = ["tenant"])]
    private sealed class BadClaimCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<Cereon.Grains.Records.CardRecord>> HandleAsync(CardContext context) => new([]);
    }

    [Card("r", "role_card", CardKinds.Number, Roles = ["admin"])]
    private sealed class RoleCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<Cereon.Grains.Records.CardRecord>> HandleAsync(CardContext context) => new([]);
    }
}
