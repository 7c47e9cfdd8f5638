namespace Cereon.Grains.Interfaces.Cards;

/// <summary>Route conventions shared by silos (which declare cards) and gateways (which serve them).</summary>
public static class CardRoutes
{
    public const string DefaultPrefix = "/api/cards";

    /// <summary>Normalises a prefix to a leading slash and no trailing slash ("" for the root).</summary>
    public static string NormalizePrefix(string? prefix)
    {
        var trimmed = (prefix ?? string.Empty).Trim().Trim('/');
        return trimmed.Length == 0 ? string.Empty : "/" + trimmed;
    }

    public static string Combine(string prefix, string cardId) => NormalizePrefix(prefix) + "/" + cardId;
}
