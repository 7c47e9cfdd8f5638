using System.Globalization;
using System.Text;

namespace Cereon.Tests.Infrastructure;

/// <summary>One sample of a Prometheus text-format scrape.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Scrapes <c>/metrics</c> and parses the Prometheus text exposition format (0.0.4).</summary>
public static class PrometheusText
{
    public static async Task<IReadOnlyList<MetricSample>> ScrapeAsync(HttpClient http, Uri baseAddress)
    {
        using var response = await http.GetAsync(new Uri(baseAddress, "/metrics"));
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Scrapes until <paramref name="done"/> holds, and returns that scrape, or the last one after 15 s (the caller's
    /// assertions then say what is missing). One scrape is not enough after traffic: the exporter answers a scrape
    /// within 300 ms of the previous one with that previous scrape's text
    /// (<c>PrometheusAspNetCoreOptions.ScrapeResponseCacheDurationMilliseconds</c>), which another test sharing the
    /// process may just have taken, before this test's requests.
    /// </summary>
    public static async Task<IReadOnlyList<MetricSample>> ScrapeUntilAsync(
        HttpClient http, Uri baseAddress, Func<IReadOnlyList<MetricSample>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var samples = await ScrapeAsync(http, baseAddress);
            if (done(samples) || DateTime.UtcNow > deadline)
            {
                return samples;
            }

            await Task.Delay(200);
        }
    }

    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var nameEnd = line.IndexOfAny(['{', ' ']);
            var rest = nameEnd;
            if (line[nameEnd] == '{')
            {
                rest = ParseLabels(line, nameEnd + 1, labels);
            }

            var value = line[rest..].Trim().Split(' ')[0];
            samples.Add(new MetricSample(line[..nameEnd], labels, ParseValue(value)));
        }

        return samples;
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static double Sum(this IReadOnlyList<MetricSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private static int ParseLabels(string line, int at, Dictionary<string, string> labels)
    {
        while (line[at] != '}')
        {
            var equals = line.IndexOf('=', at);
            var key = line[at..equals].TrimStart(',');
            var value = new StringBuilder();
            var i = equals + 2;
            for (; line[i] != '"'; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
            }

            labels[key] = value.ToString();
            at = i + 1;
        }

        return at + 1;
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };
}
