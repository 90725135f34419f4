using Digis.Domain.Users;

namespace Digis.Application.Staff;

public sealed record UserSummaryDto(Guid Id, string DisplayName, UserRole Role, long Balance, DateTimeOffset CreatedAt);

public sealed record ReconciliationRunDto(Guid Id, DateTimeOffset At, long Mismatches, string Details);
