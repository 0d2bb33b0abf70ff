using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Luyue.Web.Tests;

/// <summary>Where the browser is and how it is started: headless, without sandbox (containers) or background traffic.</summary>
internal static class Browser
{
    public const string Executable = "/usr/bin/chromium";

    public static BrowserTypeLaunchOptions Options => new()
    {
        ExecutablePath = Executable,
        Headless = true,
        Args = ["--no-sandbox", "--disable-background-networking"],
    };
}

/// <summary>
/// <c>luyue serve --demo</c> as a newcomer runs it (the built luyue.dll, its own process, a new data directory, a free
/// port), and one Chromium for the tests of a class. The keys and the workbench URL are read from what it prints.
/// </summary>
public sealed partial class DemoServer : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("luyue-web-test-").FullName;
    private readonly StringBuilder printed = new();
    private Process? process;
    private IPlaywright? playwright;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    public string MerchantKey { get; private set; } = "";
    public string ReviewerKey { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Tests.Browser.Executable) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // every test of the class is skipped (BrowserFactAttribute)
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "luyue.dll"), "serve", "--demo", "--port", "0", "--data", data })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { lock (printed) { printed.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!timeout.IsCancellationRequested && (MerchantKey.Length == 0 || ReviewerKey.Length == 0 || !printed.ToString().Contains("Demo data:", StringComparison.Ordinal)))
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException($"luyue serve --demo ended:\n{printed}");
            lock (printed)
            {
                printed.AppendLine(line);
            }

            if (WorkbenchLine().Match(line) is { Success: true } workbench)
            {
                (BaseAddress, MerchantKey) = (new Uri(workbench.Groups["url"].Value), workbench.Groups["key"].Value);
            }
            else if (line.StartsWith("Demo reviewer key: ", StringComparison.Ordinal))
            {
                ReviewerKey = line["Demo reviewer key: ".Length..];
            }
        }

        // Keep draining what it prints, so that it never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (printed)
                {
                    printed.AppendLine(line);
                }
            }
        });
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(Tests.Browser.Options);
    }

    /// <summary>A new browser page signed in with the key (the URL the demo prints: #key=…), showing the overview.</summary>
    public async Task<IPage> PageAsync(string key)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 }, AcceptDownloads = true, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(BaseAddress, "/#key=" + key).ToString());
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("演示商家");
        return page;
    }

    /// <summary>Posts CONTRACT events through the API, as an integrator would.</summary>
    public async Task PostEventsAsync(params object[] events)
    {
        using var client = Client(MerchantKey);
        var lines = string.Join('\n', events.Select(e => JsonSerializer.Serialize(e)));
        var response = await client.PostAsync("/v1/events", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public string Printed
    {
        get
        {
            lock (printed)
            {
                return printed.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        Directory.Delete(data, recursive: true);
    }

    [GeneratedRegex(@"^Workbench: (?<url>http://[^/#]+/)#key=(?<key>\S+)$")]
    private static partial Regex WorkbenchLine();
}
