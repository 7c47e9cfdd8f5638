using System.Text.RegularExpressions;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// The metric names a PromQL expression (or a Grafana <c>label_values</c> query) reads: enough of the language to
/// check dashboards and alert rules against a scrape, not a parser of it.
/// </summary>
public static partial class PromQl
{
    /// <summary>Keywords and modifiers that look like names but are not: aggregation clauses, set operators, etc.</summary>
    private static readonly HashSet<string> Keywords =
        ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan"];

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        // Grafana's label_values(selector, label): the second argument is a label.
        expression = LabelValues().Replace(expression, "${selector}");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match selector in NameSelector().Matches(expression))
        {
            names.UnionWith(selector.Groups["names"].Value.Split('|'));
        }

        // Label matchers, strings, ranges and grouping label lists hold label names and values, never metric names.
        var rest = Grouping().Replace(Ranges().Replace(Matchers().Replace(Strings().Replace(expression, "\"\""), "{}"), "[]"), " ");
        foreach (Match name in Identifier().Matches(rest))
        {
            var isCall = rest.AsSpan(name.Index + name.Length).TrimStart().StartsWith("(");
            if (!isCall && !Keywords.Contains(name.Value))
            {
                names.Add(name.Value);
            }
        }

        return names;
    }

    [GeneratedRegex("label_values\\((?<selector>.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)")]
    private static partial Regex LabelValues();

    [GeneratedRegex("__name__\\s*=~?\\s*\"(?<names>[A-Za-z0-9_:|]+)\"")]
    private static partial Regex NameSelector();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Matchers();

    [GeneratedRegex("\\[[^\\]]*\\]")]
    private static partial Regex Ranges();

    [GeneratedRegex("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)")]
    private static partial Regex Grouping();

    [GeneratedRegex("(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
