namespace Luyue.Core.Checks;

/// <summary>
/// One problem with a check's input: where (a file, a row or line, a field or column) and why. <see cref="Location"/>
/// is "row 3" for CSV (the file's line number, header = row 1) or "[2]" for the index of a JSON array element, and
/// empty for a single JSON object.
/// </summary>
public sealed record CheckInputError(string File, string Location, string Field, string Reason)
{
    /// <summary>"FILE row 3, firstPrice: REASON", leaving out the parts that are empty.</summary>
    public override string ToString()
    {
        var where = string.Join(" ", new[] { File, Location }.Where(p => p.Length > 0));
        var field = Field.Length > 0 ? $"{Field}: " : "";
        return where.Length > 0 ? $"{where}, {field}{Reason}" : $"{field}{Reason}";
    }
}

/// <summary>A check's input refused, with every problem found (not only the first).</summary>
public sealed class CheckInputException(IReadOnlyList<CheckInputError> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<CheckInputError> Errors { get; } = errors;
}
