namespace Cereon.Grains.Interfaces.Cards;

/// <summary>What a stream does with an invalid record (protocol.md §5).</summary>
public static class StreamErrorPolicies
{
    /// <summary>Drop the invalid record (default).</summary>
    public const string Skip = "skip";

    /// <summary>Emit <c>{"__validation_error": ...}</c> in its place.</summary>
    public const string Log = "log";

    /// <summary>End the stream.</summary>
    public const string Fail = "fail";

    public static bool IsKnown(string policy) => policy is Skip or Log or Fail;
}
