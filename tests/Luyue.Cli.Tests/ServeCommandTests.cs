using System.Net;
using System.Net.Sockets;

namespace Luyue.Cli.Tests;

/// <summary>
/// <c>luyue serve</c> refusing to start: one line saying why and an exit code a script can tell apart (a database the host
/// fails to open is also in the host's own error log above it).
/// </summary>
public class ServeCommandTests
{
    [Fact]
    public void A_taken_port_is_refused_before_anything_is_opened()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var data = Path.Combine(Path.GetTempPath(), "luyue-serve-" + Guid.NewGuid().ToString("N"));

        var result = Cli.Run("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data);

        Cli.AssertExit(7, result);
        Assert.Equal($"--port: cannot listen on 127.0.0.1:{port}: Address already in use", result.Stderr.Trim());
        Assert.False(Directory.Exists(data), "nothing should be created for a server that cannot listen");
    }

    [Fact]
    public void A_port_out_of_range_is_a_usage_error()
    {
        var result = Cli.Run("serve", "--port", "65536");

        Cli.AssertExit(2, result);
        Assert.Contains("--port: 65536 is not a port (0 to 65535)", result.Stderr);
    }

    [Fact]
    public void An_unreachable_store_is_refused_naming_it()
    {
        // Nothing listens on port 1 of the loopback: the connection is refused at once.
        var result = Cli.Run("serve", "--port", "0", "--store", "Host=127.0.0.1;Port=1;Username=luyue;Password=x;Database=luyue;Timeout=5");

        Cli.AssertExit(7, result);
        Assert.EndsWith("--store: cannot open the database: Failed to connect to 127.0.0.1:1", result.Stderr.Trim());
    }

    [Fact]
    public void A_data_directory_that_is_a_file_is_refused_naming_it()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = Cli.Run("serve", "--port", "0", "--data", file);

            Cli.AssertExit(5, result);
            Assert.StartsWith($"--data: cannot keep the database in '{file}': ", result.Stderr.Trim());
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
