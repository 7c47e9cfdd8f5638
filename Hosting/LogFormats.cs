namespace Cereon.Hosting;

public static class LogFormats
{
    public const string Auto = "auto";
    public const string Json = "json";
    public const string Text = "text";
}
