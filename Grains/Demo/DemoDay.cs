using System.Globalization;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Demo;

/// <summary>The UTC day the demo data is generated for, and the date spellings the front end expects.</summary>
internal static class DemoDay
{
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset instant) => WireTime.Format(instant);
}
