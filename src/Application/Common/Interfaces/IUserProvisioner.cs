using Digis.Domain.Users;

namespace Digis.Application.Common.Interfaces;

/// <summary>Makes sure the caller of a valid token exists, with an empty wallet, before its request runs.</summary>
public interface IUserProvisioner
{
    ValueTask EnsureAsync(Guid userId, UserRole role, string displayName, CancellationToken cancellationToken);
}
