namespace Cereon.Gateway.Cards;

/// <summary>How long an <c>http</c> card read waits before it is tried again. Section <c>Cereon:Reads</c>.</summary>
public sealed class CardReadOptions
{
    public const string SectionName = "Cereon:Reads";

    /// <summary>
    /// How long the first attempt of a card read may take before it is cancelled and tried once more; default 2 s.
    /// A silo killed mid-call never answers, and Orleans would otherwise wait its whole 30 s call timeout. The
    /// second attempt waits as long as the card takes: it joins the handler run the first one started, if that
    /// silo is alive, so a slow card still answers.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
