using System.Globalization;
using System.Text.Json.Nodes;
using Cereon.Grains.Cards;
using Cereon.Grains.Hosting;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Cereon.Tests.Grains.Demo;

/// <summary>
/// The demo cards against shared/demo-cards.md: the example front end renders an empty chart for any id or field
/// name that differs, so these pin every id, kind, transport and field name the front end reads.
/// </summary>
public sealed class DemoCardsTests
{
    private const string Today = "2026-03-15";
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 30, 0, TimeSpan.Zero);

    // shared/demo-cards.md, table by table.
    private static readonly (string Report, string Card, string Transport, string Kind)[] Spec =
    [
        ("saas_metrics", "mrr_overview", "http", "number"),
        ("saas_metrics", "saas_user_growth", "http", "number"),
        ("saas_metrics", "revenue_trend", "streaming-http", "line"),
        ("saas_metrics", "revenue_area_trend", "streaming-http", "area"),
        ("saas_metrics", "plans_breakdown", "http", "bar"),
        ("saas_metrics", "revenue_share_pie", "http", "pie"),
        ("saas_metrics", "feature_usage_radar", "http", "radar"),
        ("saas_metrics", "health_radial", "http", "radial"),
        ("saas_metrics", "churn_cohort", "http", "table"),
        ("saas_metrics", "churn_cohort_stream", "streaming-http", "table"),
        ("saas_metrics", "live_active_users", "websocket", "number"),
        ("package_summary", "packages_downloads_area", "http", "area"),
        ("package_summary", "packages_commits_line", "http", "line"),
        ("package_summary", "packages_likes_bar", "http", "bar"),
        ("showcase", "showcase_sse", "streaming-http", "line"),
        ("showcase", "showcase_delimited", "streaming-http", "line"),
        ("showcase", "showcase_json", "streaming-http", "line"),
        ("showcase", "showcase_markdown", "http", "markdown"),
        ("showcase", "showcase_html", "http", "html"),
        ("showcase", "showcase_iframe", "http", "iframe"),
        ("showcase", "showcase_post", "http", "table"),
        ("showcase", "showcase_ticker", "websocket", "line"),
        ("showcase", "showcase_private", "http", "number"),
        ("showcase", "showcase_admin", "http", "number"),
        ("showcase", "showcase_private_ticker", "websocket", "number"),
    ];

    private static readonly string[] PackageKeys = ["date", "cereon-dashboard", "cereon-recharts", "cereon-sdk"];

    public static TheoryData<string> CardIds()
    {
        var ids = new TheoryData<string>();
        foreach (var row in Spec)
        {
            ids.Add(row.Card);
        }

        return ids;
    }

    public static TheoryData<string> LiveCardIds()
    {
        var ids = new TheoryData<string>();
        foreach (var row in Spec.Where(r => r.Transport == CardTransports.WebSocket))
        {
            ids.Add(row.Card);
        }

        return ids;
    }

    [Fact]
    public void RegisteredDemoSet_EqualsSpec()
    {
        using var provider = BuildProvider();

        var registry = new CardRegistry(provider.GetServices<Card>());

        var registered = registry.Descriptors.Select(d => (d.ReportId, d.CardId, d.Transport, d.Kind)).Order();
        Assert.Equal(Spec.Order(), registered);
    }

    [Theory]
    [InlineData("revenue_trend", "ndjson")]
    [InlineData("revenue_area_trend", "ndjson")]
    [InlineData("churn_cohort_stream", "ndjson")]
    [InlineData("showcase_sse", "sse")]
    [InlineData("showcase_delimited", "delimited")]
    [InlineData("showcase_json", "json")]
    public void StreamingCard_DeclaresSpecifiedFormat(string cardId, string format)
    {
        using var provider = BuildProvider();

        var card = Find(provider, cardId).Descriptor;

        Assert.Equal(format, card.Streaming.Format);
        Assert.Equal("\n", card.Streaming.Delimiter);
    }

    [Theory]
    [MemberData(nameof(CardIds))]
    public async Task Card_ProducesValidRecords_WithSpecifiedIds(string cardId)
    {
        var spec = Spec.Single(s => s.Card == cardId);

        var records = await RunAsync(cardId);

        Assert.NotEmpty(records);
        Assert.All(records, record =>
        {
            Assert.Equal(spec.Kind, (string?)record["kind"]);
            Assert.Equal(spec.Card, (string?)record["cardId"]);
            Assert.Equal(spec.Report, (string?)record["reportId"]);
        });
    }

    [Theory]
    [MemberData(nameof(CardIds))]
    public void Card_HasTitle_AndHttpCardsCache(string cardId)
    {
        using var provider = BuildProvider();

        var card = Find(provider, cardId).Descriptor;

        Assert.False(string.IsNullOrWhiteSpace(card.Title));
        if (card.Transport == CardTransports.Http && cardId != "showcase_post")
        {
            Assert.True(card.Http.CacheTtl > TimeSpan.Zero, $"{cardId} should cache its result");
        }
    }

    [Theory]
    [MemberData(nameof(CardIds))]
    public async Task Card_IsDeterministic_ForOneDay(string cardId)
    {
        var first = await RunAsync(cardId, liveItems: 1);
        var second = await RunAsync(cardId, liveItems: 1);

        Assert.Equal(ToJson(first), ToJson(second));
    }

    [Fact]
    public async Task RevenueTrend_StreamsFourWeeksWithoutOverlap_EndingToday()
    {
        var records = await RunAsync("revenue_trend");

        Assert.Equal(4, records.Count);
        Assert.All(records, record => Assert.Equal(7, Points(record).Count));
        var points = records.SelectMany(Points).ToList();
        Assert.All(points, p => AssertKeys(p, "date", "mrr", "new", "expansion"));
        AssertConsecutiveDaysEndingToday(points);
        Assert.InRange(Int(points[0]["mrr"]), 10_000, 10_200);
        Assert.InRange(Int(points[^1]["mrr"]), 12_000, 14_500);
    }

    [Fact]
    public async Task RevenueAreaTrend_AgreesWithLineSeries()
    {
        var line = (await RunAsync("revenue_trend")).SelectMany(Points).ToList();

        var records = await RunAsync("revenue_area_trend");

        Assert.Equal(4, records.Count);
        Assert.All(records, record => Assert.Equal(7, Points(record).Count));
        var area = records.SelectMany(Points).ToList();
        Assert.All(area, p => AssertKeys(p, "date", "cumulative_mrr", "rolling_new"));
        for (var i = 0; i < area.Count; i++)
        {
            Assert.Equal((string?)line[i]["date"], (string?)area[i]["date"]);
            Assert.Equal(Int(line[i]["mrr"]), Int(area[i]["cumulative_mrr"]));
            var lastSevenNew = line.Take(i + 1).TakeLast(7).Sum(p => Int(p["new"]));
            Assert.Equal(lastSevenNew, Int(area[i]["rolling_new"]));
        }
    }

    [Fact]
    public async Task MrrOverview_ShowsLatestMrr_InUsd()
    {
        var line = (await RunAsync("revenue_trend")).SelectMany(Points).ToList();

        var record = Assert.Single(await RunAsync("mrr_overview"));

        Assert.Equal(Int(line[^1]["mrr"]), Number(record["value"]));
        Assert.Equal(Int(line[^2]["mrr"]), Number(record["previousValue"]));
        var trend = Number(record["trendPercentage"]);
        Assert.Equal(Math.Round(trend, 2), trend);
        Assert.Equal("Monthly Recurring Revenue", (string?)record["label"]);
        Assert.Equal("USD", (string?)Meta(record)["unit"]);
    }

    [Fact]
    public async Task SaasUserGrowth_CarriesUsersUnit_AndActivityCounts()
    {
        var record = Assert.Single(await RunAsync("saas_user_growth"));

        var dau = Number(record["value"]);
        Assert.InRange(dau, 4_000, 4_400);
        Assert.NotNull(record["previousValue"]);
        var trend = Number(record["trendPercentage"]);
        Assert.Equal(Math.Round(trend, 2), trend);
        Assert.Equal("Daily Active Users", (string?)record["label"]);
        var meta = Meta(record);
        Assert.Equal("users", (string?)meta["unit"]);
        Assert.Equal(dau, Number(meta["dau"]));
        Assert.True(Number(meta["wau"]) > dau);
        Assert.True(Number(meta["mau"]) > Number(meta["wau"]));
    }

    [Theory]
    [InlineData("mrr_overview", "Monthly Recurring Revenue")]
    [InlineData("saas_user_growth", "Daily Active Users")]
    [InlineData("live_active_users", "Active Users")]
    public async Task NumberCard_CarriesSpecifiedLabel(string cardId, string label)
    {
        var record = (await RunAsync(cardId, liveItems: 1))[0];

        Assert.Equal(label, (string?)record["label"]);
    }

    [Theory]
    [InlineData("plans_breakdown", "plan", "Free,Startup,Growth,Enterprise", "active_users,seats")]
    [InlineData("revenue_share_pie", "name", "Product A,Product B,Service,Channel", "value")]
    [InlineData("feature_usage_radar", "subject", "Onboarding,Reporting,Integrations,API", "core,advanced")]
    public async Task CategoryChart_HasSpecifiedCategoriesAndFields(
        string cardId, string categoryKey, string categories, string valueKeys)
    {
        var record = Assert.Single(await RunAsync(cardId));

        var points = Points(record);
        Assert.Equal(categories.Split(','), points.Select(p => (string?)p[categoryKey]));
        Assert.All(points, p => AssertKeys(p, [categoryKey, .. valueKeys.Split(',')]));
    }

    [Fact]
    public async Task HealthRadial_HasOnePointWithEveryState()
    {
        var record = Assert.Single(await RunAsync("health_radial"));

        var point = Assert.Single(Points(record));
        AssertKeys(point, "online", "degraded", "offline", "maintenance", "unknown");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"filters":{}}""")]
    [InlineData("""{"filters":{"cohort_month":null}}""")]
    [InlineData("""{"filters":{"cohort_month":""}}""")]
    public async Task ChurnCohort_WithoutActiveFilter_ReturnsTwentyCohorts(string paramsJson)
    {
        var record = Assert.Single(await RunAsync("churn_cohort", paramsJson));

        var rows = Rows(record);
        Assert.Equal(20, rows.Count);
        Assert.Equal(["id", "cohort_month", "month_0", "month_1", "month_2"], Columns(record));
        Assert.All(rows, row => Assert.Equal(Columns(record), row.Select(p => p.Key)));
        Assert.Equal(Enumerable.Range(1, 20), rows.Select(r => Int(r["id"])));
        var months = Enumerable.Range(0, 20)
            .Select(i => new DateOnly(2025, 1, 1).AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture));
        Assert.Equal(months, rows.Select(r => (string?)r["cohort_month"]));
    }

    [Fact]
    public async Task ChurnCohort_Filter_KeepsMatchingRowsOnly()
    {
        var all = Rows(Assert.Single(await RunAsync("churn_cohort")));

        var record = Assert.Single(await RunAsync("churn_cohort", """{"filters":{"cohort_month":"2025-03"}}"""));

        var row = Assert.Single(Rows(record));
        Assert.Equal("2025-03", (string?)row["cohort_month"]);
        Assert.Equal(all[2].ToJsonString(), row.ToJsonString());
        Assert.Equal(5, Columns(record).Count);
    }

    [Fact]
    public async Task ChurnCohort_UnknownMonth_ReturnsNoRowsButKeepsColumns()
    {
        var record = Assert.Single(await RunAsync("churn_cohort", """{"filters":{"cohort_month":"1999-01"}}"""));

        Assert.Empty(Rows(record));
        Assert.Equal(5, Columns(record).Count);
    }

    [Theory]
    [InlineData("{}", "2025-01,2025-02,2025-03")]
    [InlineData("""{"filters":{"cohort_month":null}}""", "2025-01,2025-02,2025-03")]
    [InlineData("""{"filters":{"cohort_month":""}}""", "2025-01,2025-02,2025-03")]
    [InlineData("""{"filters":{"cohort_month":"2025-02"}}""", "2025-02")]
    public async Task ChurnCohortStream_StreamsOneRowPerRecord_WithSameFilter(string paramsJson, string months)
    {
        var table = Rows(Assert.Single(await RunAsync("churn_cohort")));

        var records = await RunAsync("churn_cohort_stream", paramsJson);

        Assert.Equal(months.Split(','), records.Select(r => (string?)Assert.Single(Rows(r))["cohort_month"]));
        Assert.All(records, record =>
        {
            Assert.Equal(["id", "cohort_month", "month_0", "month_1", "month_2"], Columns(record));
            var row = Assert.Single(Rows(record));
            Assert.Equal(table[Int(row["id"]) - 1].ToJsonString(), row.ToJsonString());
        });
    }

    [Theory]
    [InlineData("packages_downloads_area", "{}", 30)]
    [InlineData("packages_commits_line", """{"days":"7"}""", 7)]
    [InlineData("packages_likes_bar", """{"days":365}""", 365)]
    [InlineData("packages_downloads_area", """{"days":1000}""", 365)]
    [InlineData("packages_commits_line", """{"days":0}""", 1)]
    [InlineData("packages_likes_bar", """{"days":-5}""", 1)]
    [InlineData("packages_likes_bar", """{"days":"soon"}""", 365)]
    [InlineData("packages_likes_bar", "{}", 365)]
    [InlineData("packages_commits_line", """{"days":"soon"}""", 30)]
    public async Task PackageCard_DaysParameter_DefaultsAndClamps(string cardId, string paramsJson, int days)
    {
        var record = Assert.Single(await RunAsync(cardId, paramsJson));

        var points = Points(record);
        Assert.Equal(days, points.Count);
        Assert.All(points, p => AssertKeys(p, PackageKeys));
        Assert.All(points, p => Assert.All(PackageKeys.Skip(1), key => Assert.True(Int(p[key]) >= 0)));
        AssertConsecutiveDaysEndingToday(points);
    }

    [Fact]
    public async Task PackageCard_KeepsEachDatesFigures_WhateverTheWindow()
    {
        var month = Points(Assert.Single(await RunAsync("packages_downloads_area", """{"days":30}""")));

        var week = Points(Assert.Single(await RunAsync("packages_downloads_area", """{"days":7}""")));

        Assert.Equal(month.TakeLast(7).Select(p => p.ToJsonString()), week.Select(p => p.ToJsonString()));
    }

    [Theory]
    [InlineData("showcase_sse")]
    [InlineData("showcase_delimited")]
    [InlineData("showcase_json")]
    [InlineData("showcase_ticker")]
    public async Task ShowcaseChart_StreamsDateValuePoints(string cardId)
    {
        var records = await RunAsync(cardId);

        Assert.True(records.Count >= 2, $"{cardId} should send several records");
        Assert.All(records.SelectMany(Points), p => AssertKeys(p, "date", "value"));
    }

    [Fact]
    public async Task ShowcaseTicker_StampsPointsWithTheInjectedClock()
    {
        var records = await RunAsync("showcase_ticker");

        Assert.All(records.SelectMany(Points), p => Assert.Equal("2026-03-15T12:30:00.000Z", (string?)p["date"]));
    }

    [Fact]
    public async Task ShowcasePost_EchoesEachParameterReceived()
    {
        var records = await RunAsync("showcase_post", """{"city":"Oslo","count":3,"flag":null,"filters":{"k":"v"}}""", "POST");

        var record = Assert.Single(records);
        Assert.Equal(["name", "value"], Columns(record));
        var echoed = Rows(record).ToDictionary(r => (string)r["name"]!, r => (string?)r["value"]);
        Assert.Equal("Oslo", echoed["city"]);
        Assert.Equal("3", echoed["count"]);
        Assert.Equal("null", echoed["flag"]);
        Assert.Equal("""{"k":"v"}""", echoed["filters"]);
        Assert.Equal(4, echoed.Count);
    }

    [Fact]
    public void ShowcasePost_AnswersGetAndPost_WithoutCaching()
    {
        using var provider = BuildProvider();

        var card = Find(provider, "showcase_post").Descriptor;

        Assert.Equal(["GET", "POST"], card.Http.Methods);
        Assert.Equal(TimeSpan.Zero, card.Http.CacheTtl);
    }

    [Fact]
    public async Task ShowcaseTextCards_CarryContent()
    {
        var markdown = Assert.Single(await RunAsync("showcase_markdown"));
        var html = Assert.Single(await RunAsync("showcase_html"));
        var iframe = Assert.Single(await RunAsync("showcase_iframe"));

        Assert.Contains("Orleans", (string?)markdown["content"], StringComparison.Ordinal);
        Assert.StartsWith("<", (string?)html["content"], StringComparison.Ordinal);
        Assert.StartsWith("https://", (string?)iframe["url"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)iframe["title"]));
        Assert.Equal("100%", (string?)iframe["width"]);
        Assert.Equal(400, Int(iframe["height"]));
    }

    [Theory]
    [MemberData(nameof(LiveCardIds))]
    public async Task LiveCard_Stops_WhenTokenFires(string cardId)
    {
        using var provider = BuildProvider();
        using var stop = new CancellationTokenSource();
        var card = (LiveCard)Find(provider, cardId);
        var context = CardContextFactory.Create(card, new CardRequest("{}", "GET", CardCaller.Anonymous), provider, stop.Token);
        await using var updates = card.ProduceAsync(context).GetAsyncEnumerator();

        Assert.True(await updates.MoveNextAsync());
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await updates.MoveNextAsync());
    }

    internal static ServiceProvider BuildProvider()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now));
        new CardRegistrationBuilder(services).AddDemoCards();
        return services.BuildServiceProvider();
    }

    internal static Card Find(IServiceProvider provider, string cardId) =>
        provider.GetServices<Card>().Single(c => c.Descriptor.CardId == cardId);

    /// <summary>Runs a card as its transport would and returns its records flattened; live cards give <paramref name="liveItems"/>.</summary>
    internal static async Task<List<JsonObject>> RunAsync(string cardId, string paramsJson = "{}", string method = "GET", int liveItems = 2)
    {
        using var provider = BuildProvider();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var card = Find(provider, cardId);
        var context = CardContextFactory.Create(card, new CardRequest(paramsJson, method, CardCaller.Anonymous), provider, timeout.Token);
        IReadOnlyList<CardRecord> records = card switch
        {
            HttpCard http => await http.HandleAsync(context),
            StreamingCard streaming => await streaming.StreamAsync(context).ToListAsync(timeout.Token),
            LiveCard live => await live.ProduceAsync(context).Take(liveItems).ToListAsync(timeout.Token),
            _ => throw new InvalidOperationException($"Unexpected card type {card.GetType()}"),
        };

        return [.. records.Select(record =>
        {
            var (wire, error) = RecordWriter.Flatten(record, card.Descriptor, null);
            Assert.Null(error);
            return wire!;
        })];
    }

    private static string ToJson(IEnumerable<JsonObject> records) => string.Join('\n', records.Select(r => r.ToJsonString()));

    internal static List<JsonObject> Points(JsonObject record) => [.. record["data"]!.AsArray().Select(p => p!.AsObject())];

    private static List<JsonObject> Rows(JsonObject record) => [.. record["rows"]!.AsArray().Select(r => r!.AsObject())];

    private static List<string> Columns(JsonObject record) => [.. record["columns"]!.AsArray().Select(c => (string)c!)];

    private static JsonObject Meta(JsonObject record) => JsonNode.Parse((string)record["meta"]!)!.AsObject();

    internal static double Number(JsonNode? node) => node!.GetValue<double>();

    internal static int Int(JsonNode? node) => (int)Number(node);

    private static void AssertKeys(JsonObject point, params string[] keys) =>
        Assert.Equal(keys.Order(StringComparer.Ordinal), point.Select(p => p.Key).Order(StringComparer.Ordinal));

    private static void AssertConsecutiveDaysEndingToday(List<JsonObject> points)
    {
        var today = DateOnly.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var expected = Enumerable.Range(0, points.Count)
            .Select(i => today.AddDays(i + 1 - points.Count).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(expected, points.Select(p => (string?)p["date"]));
    }

    /// <summary>A clock stopped at one instant, so "today" is the same in every run.</summary>
    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
