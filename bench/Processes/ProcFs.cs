using System.Globalization;

namespace Cereon.Bench.Processes;

/// <summary>
/// The few Linux <c>/proc</c> readings the bench needs. They are read as files rather than through
/// <see cref="System.Diagnostics.Process"/> so the numbers are exactly what <c>cat /proc/…</c> shows.
/// </summary>
internal static class ProcFs
{
    /// <summary>A <c>kB</c> field of <c>/proc/&lt;pid&gt;/status</c>, such as <c>VmRSS</c> (resident now) or <c>VmHWM</c> (peak).</summary>
    public static long StatusKiB(int pid, string field)
    {
        var prefix = field + ":";
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var number = line[prefix.Length..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }

    /// <summary>The soft and hard limits on open files (<c>ulimit -n</c>) of a process; <c>self</c> for this one.</summary>
    public static (long Soft, long Hard)? OpenFilesLimit(string pid = "self")
    {
        var path = $"/proc/{pid}/limits";
        if (!File.Exists(path))
        {
            return null;
        }

        // "Max open files            20000                20000                files"
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var parts = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 2 } ? (Limit(parts[0]), Limit(parts[1])) : null;
    }

    /// <summary>How many local ports the kernel hands out to outgoing connections.</summary>
    public static int? EphemeralPortCount()
    {
        const string path = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(parts[1], CultureInfo.InvariantCulture) - int.Parse(parts[0], CultureInfo.InvariantCulture) + 1;
    }

    private static long Limit(string text) =>
        string.Equals(text, "unlimited", StringComparison.Ordinal) ? long.MaxValue : long.Parse(text, CultureInfo.InvariantCulture);
}
