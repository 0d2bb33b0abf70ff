namespace Luyue.Web.Tests;

/// <summary>
/// A browser test: it drives Debian's Chromium (<see cref="Browser.Executable"/>). Where Chromium is not installed it is
/// skipped with the reason, except under CI=true, where it runs and fails: CI must not pass without the browser.
/// (./test.sh installs chromium and fonts-noto-cjk when it can.)
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(Browser.Executable) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{Browser.Executable} is missing (apt-get install chromium fonts-noto-cjk); under CI=true this test fails instead";
        }
    }
}
