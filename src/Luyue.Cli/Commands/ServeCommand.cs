using System.CommandLine;
using Luyue.Server;
using Microsoft.Extensions.Hosting;

namespace Luyue.Cli.Commands;

/// <summary>
/// <c>luyue serve</c>: the HTTP API on 127.0.0.1, with the embedded SQLite database under <c>--data</c> (or PostgreSQL with
/// <c>--store</c>). On first start it prints the admin API key, once. Stops cleanly on Ctrl+C; a kill loses nothing
/// acknowledged.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 5080 };
        var data = new Option<string>("--data") { Description = "Directory of the embedded SQLite database (created on first run)", DefaultValueFactory = _ => "./data" };
        var store = new Option<string?>("--store") { Description = "A PostgreSQL connection string (Host=…;Username=…;Password=…;Database=…) instead of SQLite", HelpName = "CONNECTION" };
        var allowPrivate = new Option<bool>("--allow-private-webhooks") { Description = "Allow webhooks to loopback and private-range addresses" };
        var command = new Command("serve", "Run the Luyue server: HTTP API, live findings (SSE), webhooks") { port, data, store, allowPrivate };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var settings = new List<string>
            {
                $"--{ServerOptions.Section}:Port={parse.GetValue(port)}",
                $"--{ServerOptions.Section}:Data={parse.GetValue(data)}",
            };
            if (parse.GetValue(store) is { } connection)
            {
                settings.Add($"--{ServerOptions.Section}:Store={connection}");
            }

            if (parse.GetValue(allowPrivate))
            {
                settings.Add($"--{ServerOptions.Section}:AllowPrivateWebhooks=true");
            }

            // The composition root of the served product: the only place the CLI hands the system clock to the engine.
            var app = LuyueServer.Build([.. settings, .. parse.UnmatchedTokens], NodaTime.SystemClock.Instance);
            await app.StartAsync(ct);
            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Luyue listening on {url}");
            }

            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
