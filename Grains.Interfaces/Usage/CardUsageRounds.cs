namespace Cereon.Grains.Interfaces.Usage;

/// <summary>
/// The round loop of the silos' and the gateways' usage reporters: one report every
/// <see cref="CardUsageReporting.Interval"/> until <c>stopping</c> fires.
/// </summary>
public static class CardUsageRounds
{
    /// <summary>
    /// Runs <paramref name="round"/> once an interval. A round that fails because the cluster cannot be reached is
    /// handed to <paramref name="failed"/> and the next round tries again: the status page shows the previous round
    /// meanwhile. That covers Orleans' own failures and timeouts, and <see cref="InvalidOperationException"/>, which a
    /// gateway's cluster client throws until it has connected; anything else is a bug and ends the loop.
    /// </summary>
    public static async Task RunAsync(
        TimeProvider time, Func<Task> round, Action<Exception> failed, Action stopped, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(CardUsageReporting.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await round();
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
                {
                    failed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            stopped();
        }
    }
}
