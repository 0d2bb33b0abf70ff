namespace Luyue.Core.Tests;

/// <summary>
/// Files under the shared folder that sits beside the checkout (../shared/data/…), found by walking up from the
/// test binaries, so tests read the real fixtures wherever the repository is built.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> SharedFolder = new(FindSharedFolder);

    /// <summary>A path inside the shared folder: <c>SharedData.Path("data", "cn-express-tracking-samples", "SOURCE.md")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([SharedFolder.Value, .. parts]);

    private static string FindSharedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(shared, "data")))
            {
                return shared;
            }
        }

        throw new DirectoryNotFoundException(
            $"No shared/data folder above {AppContext.BaseDirectory}: the shared folder must sit beside the checkout");
    }
}
