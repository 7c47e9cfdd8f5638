namespace Cereon.Tests.Integration.Cluster;

/// <summary>
/// Health endpoints of real processes while PostgreSQL or Redis is down. A cluster of its own: stopping the services
/// disturbs every process, which must not leak into the failover tests.
/// </summary>
[Trait("Category", "Slow")]
[Collection(FailoverTests.Name)]
public sealed class HealthUnderFaultTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>
{
    [Fact]
    public async Task Health_CallsPostgresDownUnhealthy_AndRedisDownDegraded()
    {
        var silo = new Uri((await cluster.StatusAsync()).First(line => line[0] == "silo")[2]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await cluster.KillAsync("postgres", 1);
        try
        {
            var (status, body) = await PollAsync(http, new Uri(silo, "/health/ready"), b => (string?)b["status"] == "unhealthy");
            using var live = await http.GetAsync(new Uri(silo, "/health"));

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal("unhealthy", (string?)body["checks"]!["postgres"]!["status"]);
            Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await cluster.RestartAsync("postgres", 1);
        }

        await cluster.KillAsync("redis", 1);
        try
        {
            var (status, body) = await PollAsync(http, new Uri(cluster.Gateways[0], "/health/detailed"), b => (string?)b["status"] == "degraded");

            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            Assert.Equal("degraded", (string?)body["checks"]!["redis"]!["status"]);
        }
        finally
        {
            await cluster.RestartAsync("redis", 1);
        }
    }

    private static async Task<(System.Net.HttpStatusCode Status, System.Text.Json.Nodes.JsonNode Body)> PollAsync(
        HttpClient http, Uri url, Func<System.Text.Json.Nodes.JsonNode, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await http.GetAsync(url);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (until(body) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(500);
        }
    }
}
