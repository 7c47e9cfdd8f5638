namespace Cereon.Hosting;

/// <summary>How the console log is written. Section <c>Cereon:Logging</c>; levels stay under <c>Serilog:MinimumLevel</c>.</summary>
public sealed class LoggingOptions
{
    public const string SectionName = "Cereon:Logging";

    /// <summary>
    /// <c>json</c> (one compact JSON object per line), <c>text</c> (readable lines), or <c>auto</c> (default): JSON
    /// outside Development when stdout is collected rather than a terminal, text otherwise.
    /// </summary>
    public string Format { get; set; } = LogFormats.Auto;
}
