namespace Digis.Application.Common.Interfaces;

/// <summary>How strongly <see cref="IRowLocks.LockAsync{T}"/> locks a row (PostgreSQL's row-level lock modes).</summary>
public enum RowLockMode
{
    /// <summary><c>FOR UPDATE</c>: the row is changed or deleted; every other lock waits, foreign-key checks on it included.</summary>
    Update,

    /// <summary>
    /// <c>FOR NO KEY UPDATE</c>: one command at a time per row, while inserts that reference the row (their foreign-key
    /// check takes <c>KEY SHARE</c>) go on: a user's row serializes that user's subscribes without stalling their tips.
    /// </summary>
    NoKeyUpdate,

    /// <summary><c>FOR SHARE</c>: the row must stay as read until commit; readers share it, an updater waits.</summary>
    Share,
}
