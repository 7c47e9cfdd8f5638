namespace Cereon.Tests.Integration.Cluster;

public static class ClusterReadiness
{
    /// <summary>Waits (up to 30 s) until a card answers 200 through a gateway, for tests that follow a fault drill.</summary>
    public static async Task WaitForCardAsync(HttpClient http, Uri gateway, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await http.GetAsync(new Uri(gateway, path));
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                response.EnsureSuccessStatusCode();
                return;
            }

            await Task.Delay(500);
        }
    }
}
