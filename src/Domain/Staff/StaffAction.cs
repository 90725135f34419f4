using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>One line of the audit log: every staff action, who did it, when, from where, what and why.</summary>
public sealed class StaffAction
{
    public const int MinReasonLength = 10;

    /// <summary>The longest reason or note staff may give (the audit log's column).</summary>
    public const int MaxReasonLength = 1_000;

    /// <summary>The longest external reference of an adjustment (a ticket or case number).</summary>
    public const int MaxReferenceLength = 100;

    private StaffAction()
    {
    }

    public Guid Id { get; private set; }

    public string Staff { get; private set; } = "";

    public DateTimeOffset At { get; private set; }

    public string? FromAddress { get; private set; }

    public string Action { get; private set; } = "";

    public string Target { get; private set; } = "";

    public string Reason { get; private set; } = "";

    /// <summary>
    /// What staff type as the why of an action (a reason, a note): plain text of at most
    /// <paramref name="maxLength"/> characters; money-moving actions require at least <see cref="MinReasonLength"/>.
    /// Checked before anything is written, so a console form shows the refusal instead of a database error.
    /// </summary>
    public static void CheckReason(string name, string? reason, bool required, int maxLength = MaxReasonLength)
    {
        if (required)
        {
            Rule.Check(new StaffReasonRequiredRule(reason));
        }

        Rule.Check(new TextLengthRule(name, reason, 0, maxLength));
        Rule.Check(new PlainTextRule(name, reason, multiline: true));
    }

    /// <summary>An adjustment's optional external reference: one line of plain text, at most <see cref="MaxReferenceLength"/> characters.</summary>
    public static void CheckReference(string? reference)
    {
        Rule.Check(new TextLengthRule("reference", reference, 0, MaxReferenceLength));
        Rule.Check(new PlainTextRule("reference", reference));
    }

    public static StaffAction Record(StaffContext staff, string action, string target, string? reason, DateTimeOffset now) => new()
    {
        Id = Ids.New(now),
        Staff = staff.Name,
        FromAddress = staff.FromAddress,
        At = now,
        Action = action,
        Target = PlainTextRule.Strip(target),
        Reason = PlainTextRule.Strip(reason ?? "").Trim(),
    };
}
