using Luyue.Core.Events;

namespace Luyue.Core.Tests.Events;

/// <summary>The parser's table of scan texts found to be UTF-8, and the notes kept for them (<see cref="ScanTexts"/>).</summary>
public class ScanTextsTests
{
    [Fact]
    public void A_text_is_known_once_added_with_the_note_kept_for_it()
    {
        var texts = new ScanTexts(slotBits: 4);
        var hash = ScanTexts.Hash("快件已到达"u8);

        Assert.False(texts.Find(hash).Checked);
        texts.Add(hash);
        Assert.Equal(new ScanTexts.Seen(hash, Checked: true, Note: 0, texts.Find(hash).Generation), texts.Find(hash));
        texts.Note(hash, 7);
        Assert.Equal(7, texts.Find(hash).Note);
        Assert.False(texts.Find(hash ^ 0x100).Checked); // differs only above the note's byte: another text
        Assert.False(texts.Find(hash ^ 0x1).Checked); // differs only in the slot's bits
    }

    [Fact]
    public void Texts_sharing_a_slot_never_answer_for_one_another()
    {
        var texts = new ScanTexts(slotBits: 4);
        const ulong First = 0x1234_5678_9ABC_DE05, Second = 0x0FED_CBA9_8765_4305; // both in slot 5

        texts.Add(First);
        texts.Note(First, 3);
        texts.Add(Second);
        Assert.False(texts.Find(First).Checked);
        Assert.Equal((true, (byte)0), (texts.Find(Second).Checked, texts.Find(Second).Note));

        texts.Note(First, 9); // the slot is the second text's now: nothing kept
        Assert.Equal(0, texts.Find(Second).Note);
        Assert.False(texts.Find(First).Checked);
    }

    [Fact]
    public void Another_reader_taking_the_notes_forgets_them_but_not_the_texts()
    {
        var texts = new ScanTexts(slotBits: 4);
        var engine = new object();
        var hash = ScanTexts.Hash("已签收"u8);
        var mine = texts.NotesOf(engine);
        texts.Add(hash);
        texts.Note(hash, 5);
        Assert.Equal(mine, texts.NotesOf(engine));
        Assert.Equal(new ScanTexts.Seen(hash, true, 5, mine), texts.Find(hash));

        var theirs = texts.NotesOf(new object());
        Assert.NotEqual(mine, theirs);
        Assert.Equal(new ScanTexts.Seen(hash, true, 0, theirs), texts.Find(hash)); // still known, the note forgotten
        Assert.NotEqual(theirs, texts.NotesOf(engine));
    }

    [Fact]
    public void A_hash_is_never_zero_and_the_same_for_the_same_bytes()
    {
        Assert.Equal(ScanTexts.Hash("【杭州市】快件已揽收"u8), ScanTexts.Hash("【杭州市】快件已揽收"u8));
        Assert.NotEqual(ScanTexts.Hash("【杭州市】快件已揽收"u8), ScanTexts.Hash("【杭州市】快件已揽收 "u8));
        Assert.NotEqual(0UL, ScanTexts.Hash(""u8));
    }
}
