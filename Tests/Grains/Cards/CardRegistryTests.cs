using Cereon.Grains.Cards;
using Cereon.Grains.Records;

namespace Cereon.Tests.Grains.Cards;

public sealed class CardRegistryTests
{
    [Fact]
    public void DuplicateRoutes_FailAtStart_NamingBothCards()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new CardRegistry([new FirstCard(), new SecondCard()]));

        Assert.Contains("/api/cards/same", failure.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(FirstCard), failure.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SecondCard), failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameCardId_UnderDifferentPrefixes_IsAllowed()
    {
        var registry = new CardRegistry([new FirstCard(), new OtherPrefixCard()]);

        Assert.True(registry.TryGet("/api/cards/same", out _));
        Assert.True(registry.TryGet("/v2/same", out _));
    }

    [Fact]
    public void InvalidDeclarations_AreAllReported()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new CardRegistry([new BadCard()]));

        Assert.Contains("card id", failure.Message, StringComparison.Ordinal);
        Assert.Contains("unknown stream format 'xml'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("methods", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_WithoutAttribute_ExplainsHowToDeclareIt()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new UndeclaredCard().Descriptor);

        Assert.Contains("[Card]", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptors_CompareByValue_IncludingTheirLists()
    {
        var first = new FirstCard().Descriptor;
        var copy = first with { Http = first.Http with { Methods = [.. first.Http.Methods] }, Live = first.Live with { Topics = [.. first.Live.Topics] } };
        var otherTopics = first with { Live = first.Live with { Topics = ["a"] } };

        Assert.Equal(first, copy);
        Assert.Equal(first.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(first, otherTopics);
        Assert.NotEqual(first, first with { Title = "changed" });
    }

    [Fact]
    public void Transport_FollowsTheBaseClass()
    {
        Assert.Equal("http", new FirstCard().Descriptor.Transport);
        Assert.Equal("streaming-http", new StreamCard().Descriptor.Transport);
        Assert.Equal("websocket", new TickerCard().Descriptor.Transport);
    }

    [Card("r1", "same", "number")]
    private sealed class FirstCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) => new([new NumberRecord(1)]);
    }

    [Card("r2", "same", "number")]
    private sealed class SecondCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) => new([new NumberRecord(2)]);
    }

    [Card("r2", "same", "number", RoutePrefix = "v2")]
    private sealed class OtherPrefixCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) => new([new NumberRecord(3)]);
    }

    [Card("r3", "bad id!", "line", Format = "xml", Methods = ["TRACE"])]
    private sealed class BadCard : StreamingCard
    {
        public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) => AsyncEnumerable.Empty<CardRecord>();
    }

    private sealed class UndeclaredCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) => new([new NumberRecord(4)]);
    }

    [Card("r4", "stream", "line")]
    private sealed class StreamCard : StreamingCard
    {
        public override IAsyncEnumerable<CardRecord> StreamAsync(CardContext context) => AsyncEnumerable.Empty<CardRecord>();
    }

    [Card("r4", "ticker", "line")]
    private sealed class TickerCard : LiveCard
    {
        public override IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context) => AsyncEnumerable.Empty<CardRecord>();
    }
}
