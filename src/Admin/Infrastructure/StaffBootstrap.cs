using System.Security.Claims;
using Digis.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Digis.Admin.Infrastructure;

/// <summary>Creates the roles and, from <c>Admin:BootstrapEmail</c>/<c>Admin:BootstrapPassword</c>, the first admin.</summary>
public static partial class StaffBootstrap
{
    public static async Task EnsureAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in new[] { StaffRoles.Support, StaffRoles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        var email = configuration["Admin:BootstrapEmail"];
        var password = configuration["Admin:BootstrapPassword"];
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var created = await users.CreateAsync(new StaffUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow }, password);
        if (!created.Succeeded)
        {
            LogBootstrapFailed(logger, string.Join("; ", created.Errors.Select(e => e.Description)));
            return;
        }

        await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, StaffRoles.Admin);
        LogBootstrapped(logger, email);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} created")]
    private static partial void LogBootstrapped(ILogger logger, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap admin not created: {Errors}")]
    private static partial void LogBootstrapFailed(ILogger logger, string errors);
}
