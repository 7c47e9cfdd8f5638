using FsCheck;
using FsCheck.Fluent;

namespace Cereon.Tests.Infrastructure;

/// <summary>Text that is valid Unicode, with characters beyond the BMP (surrogate pairs in UTF-16) among the others.</summary>
public sealed record UnicodeText(string Text)
{
    public override string ToString() => string.Join(' ', Text.EnumerateRunes().Select(rune => $"U+{rune.Value:X4}"));
}

/// <summary>FsCheck generator of <see cref="UnicodeText"/>: any scalar value, surrogates excluded, a third of them non-BMP.</summary>
public static class UnicodeTexts
{
    public static Arbitrary<UnicodeText> Texts() =>
        Gen.ListOf(Gen.Frequency(
                (2, Gen.Choose(0, 0xD7FF)),
                (1, Gen.Choose(0xE000, 0xFFFF)),
                (2, Gen.Choose(0x10000, 0x10FFFF))).Select(char.ConvertFromUtf32))
            .Select(parts => new UnicodeText(string.Concat(parts)))
            .ToArbitrary();
}
