namespace Cereon.Gateway.Security;

/// <summary>What a caller may do with a card.</summary>
internal enum CardAccessDecision
{
    Allowed,

    /// <summary>The card needs a signed-in caller and this one is not (or its token failed): 401.</summary>
    SignInRequired,

    /// <summary>Signed in, but without a role or claim the card needs: 403.</summary>
    Forbidden,
}
