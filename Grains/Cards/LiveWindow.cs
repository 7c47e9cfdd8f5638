namespace Cereon.Grains.Cards;

/// <summary>
/// How much of its recent history a live card sends with every message (protocol.md §6, <c>record</c> format): the
/// newest <see cref="Points"/> points (chart <c>data</c>, table <c>rows</c>, or a number card's recent values) no
/// older than <see cref="Age"/>. Either bound may be left out; with neither, each record is sent as it is.
/// </summary>
public sealed record LiveWindow
{
    /// <summary>
    /// 100 points or 60 seconds, whichever is fewer: 10 seconds of a 10 Hz ticker (about 4 KB, a chart still legible at
    /// card size), a minute of a 1 Hz counter; the age bound keeps a card that goes quiet from showing stale points.
    /// </summary>
    public static readonly LiveWindow Default = new(100, TimeSpan.FromSeconds(60));

    /// <summary>No window: each record is complete on its own (a table that sends all its rows every time).</summary>
    public static readonly LiveWindow None = new(null, null);

    public LiveWindow(int? points, TimeSpan? age)
    {
        if (points is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points, "A live window holds at least one point.");
        }

        if (age is { } span && span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, "A live window's age must be positive.");
        }

        Points = points;
        Age = age;
    }

    /// <summary>Most points sent; null for no count bound.</summary>
    public int? Points { get; }

    /// <summary>Oldest point sent, by the time its message was made; null for no age bound.</summary>
    public TimeSpan? Age { get; }

    public bool IsNone => Points is null && Age is null;
}
