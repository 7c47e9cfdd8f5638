using System.Globalization;

namespace Cereon.Bench.Cli;

/// <summary>
/// The options after a subcommand: <c>--name value</c> pairs and bare <c>--flag</c>s. Every option must be read by
/// the command, so a typo such as <c>--socket 10000</c> fails the run instead of silently measuring the default.
/// </summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandArgs()
    {
    }

    public static CommandArgs Parse(IReadOnlyList<string> tokens)
    {
        var args = new CommandArgs();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!IsOption(token))
            {
                throw new BenchFailure($"Unexpected argument '{token}'; options look like --name value", BenchFailure.BadUsage);
            }

            var value = i + 1 < tokens.Count && !IsOption(tokens[i + 1]) ? tokens[++i] : null;
            if (!args._options.TryAdd(token[2..], value))
            {
                throw new BenchFailure($"Option '{token}' is given twice", BenchFailure.BadUsage);
            }
        }

        return args;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return false;
        }

        return value is null ? true : throw new BenchFailure($"--{name} takes no value (got '{value}')", BenchFailure.BadUsage);
    }

    public string? Text(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value))
        {
            return null;
        }

        return value ?? throw new BenchFailure($"--{name} needs a value", BenchFailure.BadUsage);
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new BenchFailure($"--{name} must be a whole number from {min} to {max} (got '{text}')", BenchFailure.BadUsage);
        }

        return value;
    }

    /// <summary>Fails on any option the command did not ask for.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(name => !_read.Contains(name)).Select(name => "--" + name).ToList();
        if (unknown.Count > 0)
        {
            throw new BenchFailure($"Unknown option(s): {string.Join(", ", unknown)}", BenchFailure.BadUsage);
        }
    }

    private static bool IsOption(string token) => token.Length > 2 && token.StartsWith("--", StringComparison.Ordinal);
}
