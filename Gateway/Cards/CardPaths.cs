namespace Cereon.Gateway.Cards;

internal static class CardPaths
{
    /// <summary>The request path as a catalog route: a trailing slash does not make another card.</summary>
    public static string Normalize(PathString path)
    {
        var value = path.Value ?? "/";
        return value.Length > 1 && value[^1] == '/' ? value.TrimEnd('/') : value;
    }

    public static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];
}
