namespace Cereon.Tests.Infrastructure;

/// <summary>Fresh keys so that no test sees another test's grains or cached results.</summary>
public static class Keys
{
    public static string Fresh() => Guid.NewGuid().ToString("N");
}
