namespace Luyue.Adapters.Tests;

/// <summary>Files under the shared folder beside the checkout (../shared/data/…), found by walking up from the test binaries.</summary>
internal static class SharedData
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(shared, "data")))
            {
                return System.IO.Path.Combine([shared, .. parts]);
            }
        }

        throw new DirectoryNotFoundException($"No shared/data folder above {AppContext.BaseDirectory}: the shared folder must sit beside the checkout");
    }

    public static string Sample(string file) => Path("data", "cn-express-tracking-samples", file);
}
