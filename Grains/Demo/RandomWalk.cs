namespace Cereon.Grains.Demo;

/// <summary>A value that moves by at most <paramref name="step"/> per update, never below <paramref name="floor"/>.</summary>
internal sealed class RandomWalk(Random random, double start, double step, double floor)
{
    public double Current { get; private set; } = start;

    public double Next() => Current = Math.Max(floor, Current + (((random.NextDouble() * 2) - 1) * step));
}
