using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Digis.Application.Common;

/// <summary>
/// Settings are checked when a host starts (SPEC §19, <c>ValidateOnStart</c>): a value the code cannot work with (a
/// negative minimum, an interval of zero, a sandbox in Production) stops the host with every problem named, instead of
/// a 500 from a CHECK constraint on the first request that meets it.
/// </summary>
public static class OptionsRules
{
    /// <summary>Binds <typeparamref name="T"/> to <paramref name="section"/> and refuses to start on what <paramref name="problems"/> finds.</summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(
        this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new Checked<T>(section, problems));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>"<paramref name="key"/> must be …" when <paramref name="value"/> lies outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static IEnumerable<string> Within(string key, long value, long min, long max = long.MaxValue)
    {
        if (value < min || value > max)
        {
            yield return max == long.MaxValue
                ? $"{key} must be at least {min:N0} (it is {value:N0})."
                : $"{key} must be {min:N0} to {max:N0} (it is {value:N0}).";
        }
    }

    private sealed class Checked<T>(string section, Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var found = problems(options).Select(problem => $"{section}:{problem}").ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
