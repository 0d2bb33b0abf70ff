using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Luyue.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
        var demo = new Option<bool>("--demo")
        {
            Description = "Load a generated demo stream (a tenant with merchant and reviewer keys, printed with the workbench URL) and keep feeding it live; " +
                          "without --data, into a new temporary directory",
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var n and (< 0 or > 65535))
            {
                result.AddError($"--port: {n} is not a port (0 to 65535)");
            }
        });
        var command = new Command("serve", "Run the Luyue server: HTTP API, live findings (SSE), webhooks, and the workbench at /") { port, data, store, allowPrivate, demo };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var dataDirectory = parse.GetValue(data)!;
            if (parse.GetValue(demo) && parse.GetResult(data) is null or { Implicit: true } && parse.GetValue(store) is null)
            {
                // A demo is timed around now: a fresh directory each time keeps it living and leaves ./data alone.
                dataDirectory = Directory.CreateTempSubdirectory("luyue-demo-").FullName;
                Console.WriteLine($"Demo data directory: {dataDirectory}");
            }

            var settings = new List<string>
            {
                $"--{ServerOptions.Section}:Port={parse.GetValue(port)}",
                $"--{ServerOptions.Section}:Data={dataDirectory}",
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
            // Found before anything is opened or recovered; a taken port found by Kestrel comes after the host's own
            // error log, a page of stack trace above the one line that matters.
            if (PortInUse(parse.GetValue(port)) is { } taken)
            {
                Console.Error.WriteLine($"--port: cannot listen on 127.0.0.1:{parse.GetValue(port)}: {taken}");
                return ExitCodes.CannotStart;
            }

            WebApplication app;
            try
            {
                app = LuyueServer.Build([.. settings, .. parse.UnmatchedTokens], NodaTime.SystemClock.Instance);
            }
            catch (Exception ex) when (FileErrors.IsOpenFailure(ex))
            {
                // Building opens the store, so an unusable --data is found here (--store's failures say their own).
                Console.Error.WriteLine($"--data: cannot keep the database in '{dataDirectory}': {ex.Message}");
                return ExitCodes.CannotWrite;
            }

            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException ex)
            {
                // Taken since the check above: Kestrel's own sentence names the address and why.
                Console.Error.WriteLine($"--port: {ex.Message}");
                await app.DisposeAsync();
                return ExitCodes.CannotStart;
            }
            catch (System.Data.Common.DbException ex)
            {
                // The store is opened as the host starts: for --store, PostgreSQL unreachable or refusing the login.
                Console.Error.WriteLine($"--store: cannot open the database: {ex.Message}");
                await app.DisposeAsync();
                return ExitCodes.CannotStart;
            }

            foreach (var url in app.Urls)
            {
                Console.WriteLine($"Luyue listening on {url}");
            }

            Task feeding = Task.CompletedTask;
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, app.Lifetime.ApplicationStopping);
            if (parse.GetValue(demo))
            {
                var demoData = new DemoData(app.Services.GetRequiredService<Luyue.Core.Storage.IStore>(), app.Services.GetRequiredService<NodaTime.IClock>(),
                    new Uri(app.Urls.First()), Console.Out);
                var feed = await demoData.StartAsync(stopping.Token);
                feeding = feed(stopping.Token);
            }

            await app.WaitForShutdownAsync(ct);
            await feeding;
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Why 127.0.0.1:PORT cannot be listened on now, or null when it can (or for 0, any free port).</summary>
    private static string? PortInUse(int port)
    {
        if (port == 0)
        {
            return null;
        }

        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return null;
        }
        catch (SocketException ex)
        {
            return ex.Message;
        }
        finally
        {
            probe.Stop();
        }
    }
}
