using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cereon.Tests.Integration.Cluster;

/// <summary>Publishes records into a live card through the gateways and keeps the ids of those acknowledged.</summary>
public sealed class Publisher(IReadOnlyList<Uri> gateways, string cardId)
{
    private readonly List<string> _acknowledged = [];
    private readonly List<string> _refusals = [];

    public IReadOnlyList<string> Acknowledged => _acknowledged;

    public int Refused => _refusals.Count;

    /// <summary>Why each refused record was refused: status and body, or the client-side error.</summary>
    public IReadOnlyList<string> Refusals => _refusals;

    public async Task RunAsync(CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var record = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["date"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture), ["value"] = n }) };
            try
            {
                using var content = new StringContent(record.ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri(gateways[n % gateways.Count], $"/api/cards/{cardId}/publish"), content, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    _acknowledged.Add((string)JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None))!["id"]!);
                }
                else
                {
                    _refusals.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _refusals.Add(ex.Message);
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
