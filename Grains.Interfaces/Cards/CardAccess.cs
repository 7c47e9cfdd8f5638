namespace Cereon.Grains.Interfaces.Cards;

/// <summary>Who may use a card, as declared by the card and enforced by every gateway on every transport.</summary>
public static class CardAccess
{
    /// <summary>Anyone, signed in or not (the default).</summary>
    public const string Public = "public";

    /// <summary>Any caller with a valid token; a card that lists roles or claims needs this too.</summary>
    public const string SignedIn = "signed-in";

    public static bool IsKnown(string access) => access is Public or SignedIn;
}
