using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Digis.Testing;

/// <summary>
/// One of the product's hosts (Api, Gateway, Admin) as a real process on a loopback port, started from
/// its build output exactly as the start script runs it. Output is kept for the failure message.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(string name, int port, Process process)
    {
        Name = name;
        Port = port;
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";

    /// <summary>
    /// Starts <c>src/{project}</c>'s built dll on a free port with the given settings (as environment variables).
    /// With <paramref name="urlsArgument"/> false no <c>--urls</c> is passed: the settings say where it listens
    /// (e.g. <c>ASPNETCORE_URLS</c>), and <paramref name="port"/> is where the caller expects it.
    /// </summary>
    public static HostProcess Start(
        string project, IReadOnlyDictionary<string, string> settings, string? name = null, int? port = null, bool urlsArgument = true)
    {
        var bin = Path.Combine(RepoRoot, "src", project, "bin", Configuration, "net10.0");
        var dll = Path.Combine(bin, $"Digis.{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {project} first ({Configuration}).", dll);
        }

        var chosenPort = port ?? FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        if (urlsArgument)
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{chosenPort}");
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}.");
        return new HostProcess(name ?? project, chosenPort, process);
    }

    /// <summary>Waits until <paramref name="path"/> answers 200, or fails with the process output.</summary>
    public async Task WaitReadyAsync(string path = "/health/ready", TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}):\n{Output}");
            }

            try
            {
                using var response = await Probe.GetAsync(new Uri(BaseAddress, path));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} did not answer {path}:\n{Output}");
    }

    /// <summary>The exit code once the process has ended by itself, or null when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Digis.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Digis.sln not found above " + AppContext.BaseDirectory);
    }
}
