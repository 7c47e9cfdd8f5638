using Cereon.Gateway.Live;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// The gateway's WebSocket limit follows the machine: a quarter of the memory the process may use at 32 KiB a socket,
/// bounded by the open-file limit, unless Cereon:WebSocket:MaxConnections says otherwise.
/// </summary>
public sealed class LiveConnectionLimitTests
{
    private const long MiB = 1024 * 1024;
    private const long GiB = 1024 * MiB;

    [Theory]
    [InlineData(1 * GiB, null, 8_192)]
    [InlineData(512 * MiB, 1_048_576L, 4_096)]
    [InlineData(24 * GiB, 1_048_576L, 196_608)]
    [InlineData(24 * GiB, 20_000L, 18_976)]
    [InlineData(1 * GiB, 1_024L, 512)]
    [InlineData(1 * MiB, null, 8)]
    [InlineData(0L, 0L, 1)]
    [InlineData(1024 * GiB, null, 1_000_000)]
    public void Default_FollowsMemory_AndOpenFiles(long memory, long? openFiles, int expected) =>
        Assert.Equal(expected, LiveConnectionLimit.Derive(memory, openFiles).Value);

    [Fact]
    public void Default_For5000Viewers_OnTheBenchMachine_AdmitsThemAll()
    {
        // The embedded default on the bench's 23.5 GiB, `ulimit -n 20000` machine turned 4,000 of 5,000 viewers away.
        var limit = LiveConnectionLimit.For(new LiveSocketOptions(), 23_500 * MiB, 20_000);

        Assert.True(limit.Value >= 5_000, $"{limit.Value}: {limit.Derivation}");
        Assert.Contains("open-file limit 20000", limit.Derivation, StringComparison.Ordinal);
    }

    [Fact]
    public void Derivation_SaysWhereTheNumberCameFrom()
    {
        var limit = LiveConnectionLimit.Derive(1 * GiB, 1_048_576);

        Assert.Contains("1,024 MiB", limit.Derivation, StringComparison.Ordinal);
        Assert.Contains("32 KiB", limit.Derivation, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitSetting_Wins()
    {
        var limit = LiveConnectionLimit.For(new LiveSocketOptions { MaxConnections = 1000 }, 24 * GiB, 1_048_576);

        Assert.Equal(1000, limit.Value);
        Assert.Contains("Cereon:WebSocket:MaxConnections", limit.Derivation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1_000_001)]
    public void Validator_RefusesAnExplicitLimitOutOfRange_NamingTheVariable(int value)
    {
        var result = new LiveSocketOptionsValidator().Validate(null, new LiveSocketOptions { MaxConnections = value });

        Assert.True(result.Failed);
        Assert.Contains("Cereon__WebSocket__MaxConnections", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_AcceptsNoSetting() =>
        Assert.True(new LiveSocketOptionsValidator().Validate(null, new LiveSocketOptions()).Succeeded);
}
