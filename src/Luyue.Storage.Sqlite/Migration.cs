using System.Globalization;
using System.Reflection;

namespace Luyue.Storage.Sqlite;

/// <summary>One numbered schema script, embedded as <c>schema/NNNN-name.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    private const string Prefix = "schema/";

    /// <summary>Every embedded script in version order.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load(typeof(Migration).Assembly);

    private static Migration[] Load(Assembly assembly) =>
        assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                var file = Path.GetFileNameWithoutExtension(name[Prefix.Length..]);
                var version = int.Parse(file.AsSpan(0, file.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return new Migration(version, file, reader.ReadToEnd());
            })
            .OrderBy(migration => migration.Version)
            .ToArray();
}
