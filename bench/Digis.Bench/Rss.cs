using System.Globalization;

namespace Digis.Bench;

/// <summary>A process's resident memory, from /proc/&lt;pid&gt;/status (VmRSS, kB); 0 when the process is gone.</summary>
public static class Rss
{
    public static long KilobytesOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
