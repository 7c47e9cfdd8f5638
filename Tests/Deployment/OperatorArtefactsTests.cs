using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Deployment;

/// <summary>
/// The Grafana dashboard and the Prometheus alert rules under <c>deploy/</c> read only metrics that <c>/metrics</c>
/// really exports: the embedded default is exercised (http, streaming and live cards, a resume) until every series
/// they name exists, so a renamed or never-exported metric fails here rather than as an empty panel or a silent alert.
/// </summary>
[Collection(EmbeddedSilo.Name)]
[Trait("Category", "Slow")]
public sealed class OperatorArtefactsTests(EmbeddedSiloProcess silo)
{
    public const string Dashboard = "deploy/grafana/cereon-dashboard.json";
    public const string AlertRules = "deploy/prometheus/cereon-alerts.yml";

    /// <summary>Series Prometheus makes itself for every scrape target, which no exporter exports.</summary>
    private static readonly string[] ScrapeSeries = ["up"];

    [Fact]
    public void PromQl_FindsTheMetricNames_NotFunctionsLabelsOrNumbers()
    {
        var names = PromQl.MetricNames(
            "sum by (card, outcome) (rate(cereon_a_total{card=~\"$card\", x=\"y z\"}[$__rate_interval])) / clamp_min(b_total offset 5m, 1e-9) > 0.5 and on (job) c");

        Assert.Equal(["b_total", "c", "cereon_a_total"], names.Order(StringComparer.Ordinal));
        Assert.Equal(["a", "b"], PromQl.MetricNames("label_values({__name__=~\"a|b\"}, card)").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dashboard_CoversTheRequestedPanels()
    {
        var names = DashboardExpressions().SelectMany(PromQl.MetricNames).ToHashSet(StringComparer.Ordinal);

        foreach (var metric in (string[])[
            "http_server_request_duration_seconds_count", "http_server_request_duration_seconds_bucket", "cereon_card_cache_hits_total",
            "cereon_live_producers_active", "cereon_gateway_websocket_connections", "cereon_gateway_live_messages_total",
            "orleans_catalog_activations", "orleans_consistent_ring_size"])
        {
            Assert.Contains(metric, names);
        }
    }

    [Fact]
    public async Task DashboardAndAlertRules_NameOnlyMetricsThatMetricsExports()
    {
        var dashboard = DashboardExpressions().SelectMany(PromQl.MetricNames);
        var alerts = AlertExpressions().SelectMany(PromQl.MetricNames);
        var named = dashboard.Concat(alerts).Except(ScrapeSeries).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(AlertExpressions());

        await ExerciseAsync();
        var missing = named;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var exported = (await PrometheusText.ScrapeAsync(silo.Http, silo.BaseAddress)).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            missing = [.. named.Except(exported)];
            if (missing.Count == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(missing.Count == 0, "Named in deploy/ but not exported at /metrics: " + string.Join(", ", missing.Order(StringComparer.Ordinal)));
    }

    /// <summary>Every query of the dashboard: panel targets (rows' nested panels too) and template variables.</summary>
    private static IReadOnlyList<string> DashboardExpressions()
    {
        var dashboard = JsonNode.Parse(RepositoryFiles.Read(Dashboard))!;
        var panels = dashboard["panels"]!.AsArray().SelectMany(p => (p!["panels"]?.AsArray() ?? []).Prepend(p));
        var targets = panels.SelectMany(p => p!["targets"]?.AsArray() ?? []).Select(t => (string)t!["expr"]!);
        var variables = dashboard["templating"]!["list"]!.AsArray()
            .Where(v => (string?)v!["type"] == "query")
            .Select(v => (string)v!["definition"]!);
        return [.. targets.Concat(variables)];
    }

    private static IReadOnlyList<string> AlertExpressions()
    {
        var rules = Yaml.Documents(RepositoryFiles.Read(AlertRules)).Single();
        return [.. rules.Items("groups").SelectMany(group => group.Items("rules")).Select(rule => rule.Required("expr"))];
    }

    /// <summary>Traffic of every kind the panels and rules watch: cached reads, a stream, live viewers, a resume.</summary>
    private async Task ExerciseAsync()
    {
        // The same read twice: a cache miss, then a hit (of the gateway's response cache, else of the grain's).
        var region = Keys.Fresh();
        for (var i = 0; i < 2; i++)
        {
            using var read = await silo.Http.GetAsync($"/api/cards/plans_breakdown?region={region}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using (var stream = await silo.Http.GetAsync("/api/cards/showcase_json"))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        }

        var path = $"/api/cards/showcase_ticker?key={Keys.Fresh()}";
        await using var watcher = await LiveClient.ConnectAsync(silo.BaseAddress, path);
        await watcher.SubscribeAsync("watch");
        var subscribed = await watcher.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        var data = await watcher.ReceiveDataAsync(3);
        await using var resumer = await LiveClient.ConnectAsync(silo.BaseAddress, path);
        await resumer.SubscribeAsync("resume", resumeSeq: (long)data[0]["seq"]!, epoch: (string)subscribed["epoch"]!);
        await resumer.ReceiveUntilAsync(m => (string?)m["action"] == "subscribed");
        await resumer.ReceiveDataAsync(2);
    }
}
