using System.Security.Claims;
using Cereon.Grains.Cards;
using Cereon.Grains.Records;

namespace Cereon.Tests.Docs;

/// <summary>The cards the README shows, copied verbatim, so the documentation's examples stay true.</summary>
public sealed class ReadmeCardsTests
{
    [Fact]
    public async Task ReadmeCards_Register_AndProduceValidRecords()
    {
        var registry = new CardRegistry([new AnswerCard(), new FeedCard(), new ClockCard()]);
        using var cancel = new CancellationTokenSource();

        var answer = await new AnswerCard().HandleAsync(Context(registry, "/api/cards/answer", cancel.Token));
        var feed = await new FeedCard().StreamAsync(Context(registry, "/api/cards/feed", cancel.Token)).Take(2).ToListAsync();
        var clock = await new ClockCard().ProduceAsync(Context(registry, "/api/cards/clock", cancel.Token)).Take(1).ToListAsync();

        Assert.Equal("http", registry.Descriptors.Single(d => d.CardId == "answer").Transport);
        Assert.Equal("sse", registry.Descriptors.Single(d => d.CardId == "feed").Streaming.Format);
        Assert.Equal("websocket", registry.Descriptors.Single(d => d.CardId == "clock").Transport);
        Assert.All(answer.Concat(feed).Concat(clock), r => Assert.NotNull(r));
        Assert.Null(RecordWriter.Flatten(answer[0], new AnswerCard().Descriptor, null).Error);
        Assert.Null(RecordWriter.Flatten(feed[1], new FeedCard().Descriptor, null).Error);
        Assert.Null(RecordWriter.Flatten(clock[0], new ClockCard().Descriptor, null).Error);
    }

    private static CardContext Context(CardRegistry registry, string route, CancellationToken cancellationToken)
    {
        registry.TryGet(route, out var card);
        return new CardContext
        {
            Card = card.Descriptor,
            Params = [],
            Filters = [],
            User = new ClaimsPrincipal(),
            Services = new EmptyServices(),
            CancellationToken = cancellationToken,
        };
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    [Card("my_report", "answer", "number", CacheTtlSeconds = 30, Title = "The answer")]
    public sealed class AnswerCard : HttpCard
    {
        public override ValueTask<IReadOnlyList<CardRecord>> HandleAsync(CardContext context) =>
            new([new NumberRecord(42) { Label = context.GetString("label") ?? "Answer", Trend = "up" }]);
    }

    [Card("my_report", "feed", "line", Format = "sse")]
    public sealed class FeedCard : StreamingCard
    {
        public override async IAsyncEnumerable<CardRecord> StreamAsync(CardContext context)
        {
            for (var i = 0; i < 10; i++)
            {
                yield return new ChartRecord([new { date = $"2026-01-{i + 1:00}", value = i }]);
                await Task.Delay(100, context.CancellationToken);
            }
        }
    }

    [Card("my_report", "clock", "number")]
    public sealed class ClockCard : LiveCard
    {
        public override async IAsyncEnumerable<CardRecord> ProduceAsync(CardContext context)
        {
            while (true)
            {
                yield return new NumberRecord(DateTime.UtcNow.Second);
                await Task.Delay(1000, context.CancellationToken);
            }
        }
    }
}
