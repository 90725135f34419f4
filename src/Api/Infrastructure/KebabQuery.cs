using Digis.Application.Common;

namespace Digis.Api.Infrastructure;

/// <summary>Query parameters that name an enum value as the contract spells it (<c>past-due</c>, <c>live</c>).</summary>
public static class KebabQuery
{
    /// <summary>The value named; absent or empty = null; anything else is a 400 <c>validation</c> naming the choices.</summary>
    public static T? Parse<T>(string name, string? value)
        where T : struct, Enum =>
        string.IsNullOrEmpty(value)
            ? null
            : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => DigisJson.Kebab(v!.Value) == value)
              ?? throw new InvalidRequestException(name, $"{name} must be one of {string.Join(", ", Enum.GetValues<T>().Select(v => DigisJson.Kebab(v)))}.");
}
