using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Digis.Testing;

/// <summary>
/// A throwaway coturn (<c>turnserver</c>, Debian's <c>coturn</c>; CI installs it) on a free loopback port with
/// <c>use-auth-secret</c>, as <c>start.sh</c> runs it: TURN REST credentials derived from <see cref="Secret"/>.
/// Loopback peers are allowed, since both browsers of a test relay through 127.0.0.1.
/// </summary>
public sealed class CoturnServer : IAsyncDisposable
{
    private readonly int _relayFrom;
    private Process _process;

    private CoturnServer(Process process, int port, string secret, int relayFrom)
    {
        _process = process;
        Port = port;
        Secret = secret;
        _relayFrom = relayFrom;
    }

    public int Port { get; }

    public string Secret { get; }

    /// <summary>The value of <c>Calls:TurnUrls</c> for this server.</summary>
    public string TurnUrls => $"turn:127.0.0.1:{Port}?transport=udp,turn:127.0.0.1:{Port}?transport=tcp";

    public static async Task<CoturnServer> StartAsync()
    {
        var port = HostProcess.FreePort();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var relayFrom = 40_000 + (RandomNumberGenerator.GetInt32(0, 200) * 100); // a range of its own, for runs side by side
        return new CoturnServer(await LaunchAsync(port, secret, relayFrom), port, secret, relayFrom);
    }

    /// <summary>The server goes away (every allocation with it), as a network path does.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(5_000);
    }

    /// <summary>The server comes back on the same port with the same secret.</summary>
    public async Task StartAgainAsync()
    {
        _process.Dispose();
        _process = await LaunchAsync(Port, Secret, _relayFrom);
    }

    private static async Task<Process> LaunchAsync(int port, string secret, int relayFrom)
    {
        var info = new ProcessStartInfo("turnserver") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "-n", "--listening-ip=127.0.0.1", $"--listening-port={port}", "--relay-ip=127.0.0.1",
                     $"--min-port={relayFrom}", $"--max-port={relayFrom + 99}", "--use-auth-secret", $"--static-auth-secret={secret}",
                     "--realm=digis", "--fingerprint", "--no-tls", "--no-dtls", "--no-cli", "--no-multicast-peers",
                     "--allow-loopback-peers", "--log-file=stdout", "--simple-log",
                     $"--pidfile={Path.Combine(Path.GetTempPath(), $"digis-turn-{port}.pid")}",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("turnserver did not start (is coturn installed?)");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill();
        throw new TimeoutException("turnserver did not accept connections.");
    }

    /// <summary>
    /// Whether coturn grants an allocation to <paramref name="username"/> / <paramref name="credential"/>:
    /// coturn's own client (<c>turnutils_uclient</c>) allocates a relay and echoes a few packets through it.
    /// </summary>
    public async Task<bool> AllocatesAsync(string username, string credential)
    {
        var info = new ProcessStartInfo("turnutils_uclient") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-p", Port.ToString(CultureInfo.InvariantCulture), "-u", username, "-w", credential, "-n", "2", "-m", "1", "-e", "127.0.0.1", "-y", "127.0.0.1" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("turnutils_uclient did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await errors;
        return !text.Contains("Cannot complete Allocation", StringComparison.Ordinal) && text.Contains("Total lost packets 0", StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
