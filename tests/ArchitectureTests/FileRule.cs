using System.Text.RegularExpressions;

namespace Digis.ArchitectureTests;

/// <summary>
/// Files hold what their names say: in Domain and Application/Common each file declares one type, named as the file
/// (an entity's file may keep its own enums beside it; a file may hold a lone enum). Read from the source, since an
/// assembly does not know which file declared a type.
/// </summary>
public static partial class FileRule
{
    public static readonly string[] Folders = ["src/Domain", "src/Application/Common"];

    /// <summary>What breaks the rule in one file (its name without <c>.cs</c>, and its text), or null.</summary>
    public static string? Breach(string fileName, string text)
    {
        var types = TopLevelType().Matches(text).Select(m => (Kind: m.Groups[1].Value, Name: m.Groups[2].Value)).ToList();
        var main = types.Where(t => t.Kind != "enum").ToList();
        return main switch
        {
            [] when types is [var only] && only.Name == fileName => null,
            [] => $"{fileName}.cs declares {Names(types)}",
            [var one] when one.Name != fileName => $"{fileName}.cs declares {one.Name}",
            [var one] when types.Count > 1 && one.Kind != "class" => $"{fileName}.cs keeps enums beside a {one.Kind}: {Names(types)}",
            [_] => null,
            _ => $"{fileName}.cs declares {Names(main)}",
        };
    }

    /// <summary>Every breach under <see cref="Folders"/> of the repository at <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Breaches(string root) =>
    [
        .. Folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Breach(Path.GetFileNameWithoutExtension(path), File.ReadAllText(path)))
            .OfType<string>(),
    ];

    /// <summary>The repository this test runs from: the folder above it that holds <c>Digis.sln</c>.</summary>
    public static string Root()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Digis.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("No Digis.sln above the test's folder.");
    }

    private static string Names(IEnumerable<(string Kind, string Name)> types) => string.Join(", ", types.Select(t => t.Name));

    [GeneratedRegex(@"^(?:public|internal)\s+(?:(?:sealed|abstract|static|readonly|partial|record)\s+)*(class|record|interface|enum|struct)\s+(?:struct\s+|class\s+)?(\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();
}
