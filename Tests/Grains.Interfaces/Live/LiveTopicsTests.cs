using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Tests.Grains.Interfaces.Live;

/// <summary>Which stream a topic names (<see cref="LiveTopics.Resolve"/>), the rule gateways and silos share.</summary>
public sealed class LiveTopicsTests
{
    private static readonly CardDescriptor Single = Card();
    private static readonly CardDescriptor Declared = Card() with { Live = new() { Topics = ["eu", "us"] } };
    private static readonly CardDescriptor Open = Card() with { Live = new() { OpenTopics = true } };

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("default")]
    [InlineData("ticker")]
    public void ACardDeclaringNoTopic_NamesItsOneStream_ByIdDefaultOrNothing(string? topic) =>
        Assert.Equal(LiveCardKeys.DefaultTopic, LiveTopics.Resolve(Single, topic));

    [Theory]
    [InlineData("other")]
    [InlineData("TICKER")]
    public void ACardDeclaringNoTopic_ServesNoOther(string topic) =>
        Assert.Null(LiveTopics.Resolve(Single, topic));

    [Theory]
    [InlineData("eu", "eu")]
    [InlineData("us", "us")]
    [InlineData("ticker", null)]
    [InlineData(null, null)]
    [InlineData("asia", null)]
    public void ACardDeclaringTopics_ServesThoseOnly(string? topic, string? stream) =>
        Assert.Equal(stream, LiveTopics.Resolve(Declared, topic));

    [Theory]
    [InlineData("room-1", "room-1")]
    [InlineData("ticker", "default")]
    [InlineData("eu/west:2=a_b.c", "eu/west:2=a_b.c")]
    [InlineData("a?b", null)]
    [InlineData("a@b", null)]
    [InlineData("a b", null)]
    [InlineData("\ud800", null)]
    public void ACardWithOpenTopics_OffersWellFormedOnesToItsValidator(string topic, string? stream) =>
        Assert.Equal(stream, LiveTopics.Resolve(Open, topic));

    [Fact]
    public void OpenTopics_AreAtMost128Characters()
    {
        Assert.NotNull(LiveTopics.Resolve(Open, new string('a', LiveTopics.MaxLength)));
        Assert.Null(LiveTopics.Resolve(Open, new string('a', LiveTopics.MaxLength + 1)));
    }

    private static CardDescriptor Card() =>
        new() { ReportId = "r", CardId = "ticker", Kind = CardKinds.Number, Transport = CardTransports.WebSocket };
}
