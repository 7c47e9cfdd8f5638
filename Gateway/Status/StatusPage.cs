using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Status;

/// <summary>Renders the status page: the embedded <c>StatusPage.html</c> with the reports and figures filled in, HTML-encoded.</summary>
internal static class StatusPage
{
    private static readonly string Template = ReadTemplate();
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>
    /// The page's Content-Security-Policy: nothing but its own inline style and script (allowed by their hashes, so
    /// no other inline code can run) and connections back to this gateway (<c>/api/status</c> and the cards'
    /// WebSockets, which <c>'self'</c> covers for ws: and wss:).
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; script-src '{Hash("script")}'; style-src '{Hash("style")}'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Render(StatusResponse status)
    {
        var cards = status.Reports.SelectMany(r => r.Cards).ToList();
        var summary = new StringBuilder("<div class=\"summary\">");
        Tile(summary, status.Reports.Count.ToString(CultureInfo.InvariantCulture), "reports");
        Tile(summary, cards.Count.ToString(CultureInfo.InvariantCulture), "cards");
        Tile(summary, cards.Sum(c => c.Viewers).ToString(CultureInfo.InvariantCulture), "live viewers");
        Tile(summary, status.Silos?.ToString(CultureInfo.InvariantCulture) ?? "?", "silos reporting");
        Tile(summary, status.Gateways?.ToString(CultureInfo.InvariantCulture) ?? "?", "gateways reporting");
        summary.Append("</div>");
        if (!status.UsageAvailable)
        {
            summary.Append("<p class=\"note\">Usage figures are unavailable right now: the cluster did not answer.</p>");
        }

        var reports = new StringBuilder();
        foreach (var report in status.Reports)
        {
            reports.Append("<section><h2>").Append(Html.Encode(report.ReportId)).Append("</h2><table><thead><tr>")
                .Append("<th>Card</th><th>Kind</th><th>Transport</th><th>Viewers</th><th>Requests</th><th>Cache hit rate</th><th>Try it</th>")
                .Append("</tr></thead><tbody>");
            foreach (var card in report.Cards)
            {
                Row(reports, card);
            }

            reports.Append("</tbody></table></section>");
        }

        return Template.Replace("{{summary}}", summary.ToString(), StringComparison.Ordinal)
            .Replace("{{reports}}", reports.ToString(), StringComparison.Ordinal);
    }

    private static void Tile(StringBuilder html, string value, string label) =>
        html.Append("<div class=\"tile\"><b>").Append(Html.Encode(value)).Append("</b><span>").Append(Html.Encode(label)).Append("</span></div>");

    private static void Row(StringBuilder html, StatusCard status)
    {
        var card = status.Card;
        html.Append("<tr data-route=\"").Append(Html.Encode(card.Route)).Append("\"><td><b>")
            .Append(Html.Encode(card.Title ?? card.CardId)).Append("</b><br><code>").Append(Html.Encode(card.Route)).Append("</code></td><td>")
            .Append(Html.Encode(card.Kind)).Append("</td><td><span class=\"badge ").Append(Html.Encode(card.Transport)).Append("\">")
            .Append(Html.Encode(card.Transport)).Append("</span></td><td class=\"num viewers\">")
            .Append(status.Viewers.ToString(CultureInfo.InvariantCulture)).Append("</td>");
        if (card.Transport == CardTransports.Http)
        {
            html.Append("<td class=\"num requests\">").Append((status.CacheHits + status.CacheMisses).ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num hitrate\">")
                .Append(status.CacheHitRate is { } rate ? (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–").Append("</td>");
        }
        else
        {
            // Streams and live cards are produced per request or per stream, never cached.
            html.Append("<td class=\"num note\">–</td><td class=\"num note\">not cached</td>");
        }

        html.Append("<td>");
        if (card.Transport == CardTransports.WebSocket)
        {
            html.Append("<button class=\"try\" data-socket=\"").Append(Html.Encode(card.Url)).Append("\">Watch</button><pre class=\"watch\"></pre>");
        }
        else if (card.Methods.Contains("GET"))
        {
            html.Append("<a class=\"try\" target=\"_blank\" href=\"").Append(Html.Encode(card.Url)).Append("\">Open</a>");
        }
        else
        {
            html.Append("<span class=\"note\">").Append(Html.Encode(string.Join(", ", card.Methods))).Append(" only</span>");
        }

        html.Append("</td></tr>");
    }

    /// <summary>The CSP source of the template's one inline element <paramref name="tag"/>: the SHA-256 of its text.</summary>
    private static string Hash(string tag)
    {
        var start = Template.IndexOf($"<{tag}>", StringComparison.Ordinal) + tag.Length + 2;
        var end = Template.IndexOf($"</{tag}>", start, StringComparison.Ordinal);
        return "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Template[start..end])));
    }

    private static string ReadTemplate()
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("Cereon.Gateway.Status.StatusPage.html")
            ?? throw new InvalidOperationException("The status page template is not embedded in the gateway assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
