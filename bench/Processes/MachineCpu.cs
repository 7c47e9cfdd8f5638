using System.Globalization;

namespace Cereon.Bench.Processes;

/// <summary>
/// Whole-machine CPU from the first line of <c>/proc/stat</c>. Set beside the server's and the client's own CPU, it
/// shows how much of the machine something else used during a window (a build, a test run), which would make that
/// window's numbers say more about the neighbour than about the server.
/// </summary>
internal readonly record struct MachineCpu(long BusyTicks, long StealTicks)
{
    /// <summary><c>USER_HZ</c>, the unit of <c>/proc/stat</c>; 100 on every Linux the bench runs on.</summary>
    private const double TicksPerSecond = 100;

    public static MachineCpu Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
        var line = File.ReadLines("/proc/stat").First();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6];
        return new MachineCpu(busy, fields.Length > 7 ? fields[7] : 0);
    }

    /// <summary>Busy time of all cores between two readings.</summary>
    public static TimeSpan Busy(MachineCpu from, MachineCpu to) => TimeSpan.FromSeconds((to.BusyTicks - from.BusyTicks) / TicksPerSecond);

    /// <summary>Time the hypervisor gave this machine's cores to someone else between two readings.</summary>
    public static TimeSpan Steal(MachineCpu from, MachineCpu to) => TimeSpan.FromSeconds((to.StealTicks - from.StealTicks) / TicksPerSecond);
}
