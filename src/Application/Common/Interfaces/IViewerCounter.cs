namespace Digis.Application.Common.Interfaces;

/// <summary>How many hub connections watch a stream right now.</summary>
public interface IViewerCounter
{
    int ViewersOf(Guid streamId);
}
