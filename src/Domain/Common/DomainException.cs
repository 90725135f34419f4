namespace Digis.Domain.Common;

public class DomainException(string message) : Exception(message);
