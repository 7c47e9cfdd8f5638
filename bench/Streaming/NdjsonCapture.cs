using System.Text;
using System.Text.RegularExpressions;

namespace Cereon.Bench.Streaming;

/// <summary>
/// The lines the NDJSON ceiling replays: the bytes Cereon sent. When Cereon's stream ended early, the missing records
/// are written from its first line with the counter changed, so the ceiling still sends every record at Cereon's size.
/// </summary>
internal static partial class NdjsonCapture
{
    public static byte[] Complete(byte[] captured, int records, out int synthesized)
    {
        var text = Encoding.UTF8.GetString(captured);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        synthesized = Math.Max(0, records - lines.Count);
        if (synthesized == 0 || lines.Count == 0)
        {
            return captured;
        }

        var template = lines[0];
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            output.Append(line).Append('\n');
        }

        for (var i = lines.Count; i < records; i++)
        {
            output.Append(Counter().Replace(template, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"\"i\":{i},\"value\":{i % 1000}"))).Append('\n');
        }

        return Encoding.UTF8.GetBytes(output.ToString());
    }

    [GeneratedRegex("\"i\":\\d+,\"value\":\\d+")]
    private static partial Regex Counter();
}
