namespace Luyue.Core.Engine;

/// <summary>
/// Up to 24 ASCII characters in three 64-bit words, a byte a character from the most significant end, the rest zero:
/// how an order keeps its id and a number its tracking number. Held as strings, they were two of the four or five
/// objects every open order costs, and the collector copies each of those twice (out of gen 0, then out of gen 1),
/// because orders stay open for days of stream time (docs/performance.md). Packed, they are part of their holder.
/// Text that does not fit (longer, or not ASCII, or holding U+0000) stays a string.
/// <para>
/// Packed texts compare as words in the ordinal order of their strings: a shorter text's zero padding sorts before
/// every character, as a shorter string sorts before a longer one it begins.
/// </para>
/// </summary>
internal readonly struct PackedText : IComparable<PackedText>
{
    public const int MaxLength = 24;

    private readonly ulong first, second, third;

    private PackedText(ulong first, ulong second, ulong third) => (this.first, this.second, this.third) = (first, second, third);

    /// <summary>Packs <paramref name="text"/>; false (and nothing packed) when it does not fit.</summary>
    public static bool TryPack(ReadOnlySpan<char> text, out PackedText packed)
    {
        packed = default;
        if (text.Length > MaxLength)
        {
            return false;
        }

        Span<ulong> words = stackalloc ulong[3];
        words.Clear();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\0' or > '\x7f')
            {
                return false;
            }

            words[i >> 3] |= (ulong)c << (56 - (8 * (i & 7)));
        }

        packed = new PackedText(words[0], words[1], words[2]);
        return true;
    }

    /// <summary>The number of characters: those before the first zero byte.</summary>
    public int Length
    {
        get
        {
            var words = 0;
            foreach (var word in (ReadOnlySpan<ulong>)[first, second, third])
            {
                if (word == 0)
                {
                    break;
                }

                // The word's characters are its non-zero bytes from the top; the padding after them is zero.
                var used = 8 - (System.Numerics.BitOperations.TrailingZeroCount(word) / 8);
                if (used < 8)
                {
                    return words + used;
                }

                words += 8;
            }

            return words;
        }
    }

    /// <summary>Writes the characters into <paramref name="into"/>, which must hold <see cref="Length"/> of them.</summary>
    public void CopyTo(Span<char> into)
    {
        ReadOnlySpan<ulong> words = [first, second, third];
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = (char)unchecked((byte)(words[i >> 3] >> (56 - (8 * (i & 7)))));
        }
    }

    public override string ToString() => string.Create(Length, this, static (span, packed) => packed.CopyTo(span));

    /// <summary>The first four characters, 16 bits each from the top (a missing one is 0).</summary>
    public ulong Prefix =>
        ((first >> 8) & 0xFF_0000_0000_0000) | ((first >> 16) & 0xFF_0000_0000) | ((first >> 24) & 0xFF_0000) | ((first >> 32) & 0xFF);

    public int CompareTo(PackedText other) =>
        first != other.first ? first.CompareTo(other.first)
        : second != other.second ? second.CompareTo(other.second)
        : third.CompareTo(other.third);

    public bool Equals(PackedText other) => first == other.first && second == other.second && third == other.third;

    public override int GetHashCode() => HashCode.Combine(first, second, third);
}

/// <summary>An id or number held packed when it fits (<see cref="PackedText"/>), as its string otherwise.</summary>
internal readonly struct CompactText : IEquatable<CompactText>
{
    private readonly string? text;
    private readonly PackedText packed;

    public CompactText(ReadOnlySpan<char> value)
    {
        if (!PackedText.TryPack(value, out packed))
        {
            text = value.ToString();
        }
    }

    public CompactText(string value)
    {
        if (!PackedText.TryPack(value, out packed))
        {
            text = value;
        }
    }

    public int Length => text?.Length ?? packed.Length;

    /// <summary>
    /// The first four UTF-16 units, 16 bits each from the top: ordered as the texts are ordinally, up to a tie. A
    /// missing unit counts as 0, below every other unit but equal to U+0000: a shorter text compares below a longer one
    /// it begins, unless the longer one goes on with U+0000, which is a tie and so left to the texts.
    /// </summary>
    public ulong Prefix
    {
        get
        {
            if (text is null)
            {
                return packed.Prefix;
            }

            ulong prefix = 0;
            for (var i = 0; i < 4; i++)
            {
                prefix = (prefix << 16) | (i < text.Length ? text[i] : 0u);
            }

            return prefix;
        }
    }

    /// <summary>The string, made anew each time for packed text: for findings and views, not for hot paths.</summary>
    public override string ToString() => text ?? packed.ToString();

    /// <summary>
    /// The characters without making a string: the string's own, or the packed ones unpacked into
    /// <paramref name="buffer"/> (at least <see cref="PackedText.MaxLength"/> long, so a caller's stack buffer of fixed
    /// size always does).
    /// </summary>
    public ReadOnlySpan<char> Chars(Span<char> buffer)
    {
        if (text is not null)
        {
            return text;
        }

        var chars = buffer[..packed.Length];
        packed.CopyTo(chars);
        return chars;
    }

    public void CopyTo(Span<char> into)
    {
        if (text is not null)
        {
            text.CopyTo(into);
        }
        else
        {
            packed.CopyTo(into);
        }
    }

    /// <summary>Whether the two hold the same text (text that fits is always packed, so the forms never mix).</summary>
    public bool Equals(CompactText other) => text is null ? other.text is null && packed.Equals(other.packed) : string.Equals(text, other.text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CompactText other && Equals(other);

    public override int GetHashCode() => text?.GetHashCode(StringComparison.Ordinal) ?? packed.GetHashCode();

    /// <summary>Ordinal order, as <see cref="string.CompareOrdinal(string, string)"/> of the strings.</summary>
    public static int Compare(in CompactText a, in CompactText b) =>
        a.text is null && b.text is null ? a.packed.CompareTo(b.packed) : string.CompareOrdinal(a.ToString(), b.ToString());
}
